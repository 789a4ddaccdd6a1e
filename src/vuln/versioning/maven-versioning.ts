import { defineScheme } from './define-scheme.js';
import { compareAscii, compareDigits } from './numeric-string.js';
import { checkVersionInput } from './version-input.js';

/**
 * Maven: org.apache.maven.artifact.versioning.ComparableVersion (maven-artifact 3.x,
 * https://maven.apache.org/pom.html#version-order-specification). Hand-written: no maintained
 * JS port exists. A version is a tree of items: numbers, qualifiers and sub-lists opened by
 * '-' or by a digit/letter transition; trailing "null" items (0, "", ga, final, release) are
 * dropped. ComparableVersion orders every string, so any printable version is accepted.
 */
type Item =
  | { readonly t: 'int'; readonly v: string }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'list'; readonly v: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

/** Known qualifiers by rank; unknown ones after all of them, in lexical order (as upstream). */
function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { t: 'str', v: ALIASES[v] ?? v };
}

function parseItem(isDigit: boolean, buf: string): Item {
  return isDigit ? { t: 'int', v: buf.replace(/^0+(?=.)/, '') } : stringItem(buf, false);
}

function isNull(item: Item): boolean {
  if (item.t === 'int') return item.v === '0';
  if (item.t === 'str') return comparableQualifier(item.v) === RELEASE_INDEX;
  return item.v.length === 0;
}

/** ListItem.normalize(): drop trailing null items, skipping over (non-null) sub-lists. */
function normalize(list: Item[], isRoot: boolean): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as Item;
    if (isNull(last)) list.splice(i, 1);
    else if (last.t !== 'list') break;
  }
  // "1-ga-1" leaves [[1]] here: the spec trims nulls "at each remaining hyphen", so the
  // emptied hyphen level disappears and "1-ga-1" = "1-1" (pom.html version order spec).
  // The first token is never trimmed, so the root keeps its level ("0-1" < "20").
  const only = list[0];
  if (!isRoot && list.length === 1 && only !== undefined && only.t === 'list') list.splice(0, 1, ...only.v);
}

function parseMaven(raw: string): Item[] {
  checkVersionInput(raw, 'Maven');
  const version = raw.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const open = (): void => {
    const sub: Item[] = [];
    list.push({ t: 'list', v: sub });
    list = sub;
    stack.push(sub);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) {
      list.push(i === start ? { t: 'int', v: '0' } : parseItem(isDigit, version.slice(start, i)));
      start = i + 1;
      if (c === 45) open();
    } else if (c >= 48 && c <= 57) {
      if (!isDigit && i > start) {
        list.push(stringItem(version.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, version.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (version.length > start) list.push(parseItem(isDigit, version.slice(start)));
  for (let l = stack.pop(); l !== undefined; l = stack.pop()) normalize(l, l === root);
  return root;
}

/** Item.compareTo(other), with `undefined` standing for Java's null (a missing item). */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.t === 'int') {
    if (b === undefined) return a.v === '0' ? 0 : 1;
    return b.t === 'int' ? compareDigits(a.v, b.v) : 1; // 1.1 > 1-sp, 1.1 > 1-1
  }
  if (a.t === 'str') {
    if (b === undefined) return compareAscii(comparableQualifier(a.v), RELEASE_INDEX); // 1-rc < 1, 1-sp > 1
    if (b.t === 'str') return compareAscii(comparableQualifier(a.v), comparableQualifier(b.v));
    return -1; // 1.any < 1.1, 1.any < 1-1
  }
  if (b === undefined) {
    for (const item of a.v) {
      const r = compareItem(item, undefined);
      if (r !== 0) return r;
    }
    return 0;
  }
  if (b.t === 'int') return -1; // 1-1 < 1.0.x
  if (b.t === 'str') return 1; // 1-1 > 1-sp
  return compareLists(a.v, b.v);
}

function compareLists(a: readonly Item[], b: readonly Item[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i];
    const r = b[i];
    const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

export const mavenVersioning = defineScheme<Item[]>({
  ecosystems: ['Maven'],
  parse: parseMaven,
  compare: compareLists,
});

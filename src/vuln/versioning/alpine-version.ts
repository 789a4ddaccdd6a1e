import { compareAscii, compareDigits } from './numeric-string.js';

/**
 * The parts of an apk version, `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`
 * (apk-tools doc/apk-package.5.scd), and their order. The order reproduces apk as pinned by
 * osv-scalibr's fixtures (semantic/version-alpine.go, Apache-2.0, whose model this follows):
 * numbers after the first with a leading zero compare as strings (apk's "fraction" rule), a
 * letter beats none, suffixes rank alpha < beta < pre < rc < none ≈ cvs < svn < git < hg < p,
 * then `-r#`, and a version with unparsed leftovers sorts below one without; when both
 * versions have junk where `-r#` should be, they compare as plain strings, as apk does.
 * Two departures from upstream keep the order total over valid versions (upstream treats
 * both as junk and string-compares them): digits after the letter (`6.6.2p1`, abuild#10088)
 * are read as a number after the letter, as apk's tokenizer does, and `.r#` is a revision.
 */
export interface AlpineVersion {
  readonly original: string;
  readonly components: readonly string[];
  readonly letter: string;
  /** Digits right after the letter (`6.6.2p1`), which apk reads as another number; '' if none. */
  readonly letterNumber: string;
  readonly suffixes: ReadonlyArray<{ readonly weight: number; readonly number: string }>;
  readonly revision: string;
  readonly remainder: string;
  /** Something other than `-r#` (or nothing) follows the suffixes and hash. */
  readonly junk: boolean;
}

const SUFFIX_WEIGHTS = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg'];
const SUFFIX_P_WEIGHT = SUFFIX_WEIGHTS.length;
/** The weight a missing suffix takes (upstream's choice; it ties with `_cvs`). */
const NO_SUFFIX = { weight: 5, number: '0' };
const SUFFIX = /_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/g;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function parseAlpineVersion(original: string): AlpineVersion {
  let s = original;
  // number{.number}: digits, each run optionally followed by one dot.
  let end = 0;
  while (isDigit(s.charCodeAt(end))) {
    while (isDigit(s.charCodeAt(end))) end++;
    if (s.charCodeAt(end) === 46) end++;
  }
  const components: string[] = [];
  for (const d of s.slice(0, end).split('.')) {
    if (d === '') break; // a dot not followed by a digit ends the numbers (apk tolerates it)
    components.push(d);
  }
  s = s.slice(end);
  let letter = '';
  let letterNumber = '';
  let revision = '0';
  const dotRevision = s.length < original.length && original.charCodeAt(end - 1) === 46 ? /^r(\d+)/.exec(s) : null;
  if (dotRevision !== null) {
    // `0.8.21.r2`: a revision written after a dot (osv.dev's converter accepts `[-.]r#`).
    revision = dotRevision[1] as string;
    s = s.slice(dotRevision[0].length);
  } else if (/^[a-z]/.test(s)) {
    letter = s.charAt(0);
    let k = 1;
    while (isDigit(s.charCodeAt(k))) k++;
    letterNumber = s.slice(1, k);
    s = s.slice(k);
  }
  const suffixes: Array<{ weight: number; number: string }> = [];
  for (const m of s.matchAll(SUFFIX)) {
    const i = SUFFIX_WEIGHTS.indexOf(m[1] as string);
    suffixes.push({ weight: i < 0 ? SUFFIX_P_WEIGHT : i, number: m[2] === '' ? '0' : (m[2] as string) });
    if (s.startsWith(m[0])) s = s.slice(m[0].length);
  }
  const hash = /^~[0-9a-f]+/.exec(s);
  if (hash !== null) s = s.slice(hash[0].length);
  let junk = false;
  if (s !== '') {
    const r = /^-r(\d*)/.exec(s);
    if (r === null) junk = true;
    else {
      revision = r[1] === '' ? '0' : (r[1] as string);
      s = s.slice(r[0].length);
    }
  }
  return { original, components, letter, letterNumber, suffixes, revision, remainder: s, junk };
}

function compareComponent(a: string | undefined, ai: number, b: string | undefined, bi: number): number {
  const x = a ?? '0';
  const y = b ?? '0';
  // Past the first number, a leading zero makes the number a fraction: compare as strings.
  if (a !== undefined && b !== undefined && ai !== 0 && bi !== 0 && (x.startsWith('0') || y.startsWith('0')))
    return compareAscii(x, y);
  return compareDigits(x, y);
}

export function compareAlpineVersions(v: AlpineVersion, w: AlpineVersion): number {
  if (v.junk && w.junk) return compareAscii(v.original, w.original);
  const n = Math.max(v.components.length, w.components.length);
  for (let i = 0; i < n; i++) {
    const c = compareComponent(v.components[i], i, w.components[i], i);
    if (c !== 0) return c;
  }
  if (v.letter !== w.letter) return v.letter === '' ? -1 : w.letter === '' ? 1 : compareAscii(v.letter, w.letter);
  if (v.letterNumber !== w.letterNumber) {
    if (v.letterNumber === '' || w.letterNumber === '') return v.letterNumber === '' ? -1 : 1;
    const c = compareDigits(v.letterNumber, w.letterNumber);
    if (c !== 0) return c;
  }
  const m = Math.max(v.suffixes.length, w.suffixes.length);
  for (let i = 0; i < m; i++) {
    const x = v.suffixes[i] ?? NO_SUFFIX;
    const y = w.suffixes[i] ?? NO_SUFFIX;
    const c = x.weight - y.weight || compareDigits(x.number, y.number);
    if (c !== 0) return c;
  }
  const r = compareDigits(v.revision, w.revision);
  if (r !== 0) return r;
  if ((v.remainder === '') !== (w.remainder === '')) return v.remainder === '' ? 1 : -1;
  return 0;
}

import { compareAscii, compareDigits } from './numeric-string.js';
import { unparsable } from './version-input.js';

/**
 * Strict SemVer 2.0.0 (https://semver.org/spec/v2.0.0.html, §2, §9–§11 and the BNF), shared by
 * crates.io, Hex, Go and Pub. Hand-written rather than `semver` because node-semver silently
 * accepts a `v`/`=` prefix and surrounding spaces, and refuses numbers above 2^53 that Go
 * (x/mod/semver compares digit strings) and Elixir (bignums) accept; npm itself uses `semver`.
 */
export interface SemVerIdentifier {
  readonly text: string;
  /** True for an all-digit identifier, which orders numerically and below alphanumerics (§11.4). */
  readonly numeric: boolean;
}

export interface SemVer {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly pre: readonly SemVerIdentifier[];
  readonly build: readonly SemVerIdentifier[];
}

export interface SemVerOptions {
  readonly ecosystem: string;
  /** Go's x/mod/semver takes `v1` and `v1.2` as v1.0.0 and v1.2.0 (only without pre-release or build). */
  readonly shorthand?: boolean;
  /** Dart's pub_semver takes `01.2.3` and pre-release `01` (it parses them as integers). */
  readonly leadingZeros?: boolean;
  /** Largest number a core component may hold, as digits (Cargo's semver crate uses u64). */
  readonly maxNumber?: string;
}

const NUMBER = /^(0|[1-9][0-9]*)$/;
const NUMBER_LOOSE = /^[0-9]+$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;

function stripZeros(digits: string): string {
  const s = digits.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

function identifiers(part: string, isPre: boolean, o: SemVerOptions, v: string): SemVerIdentifier[] {
  return part.split('.').map((text) => {
    if (!IDENTIFIER.test(text)) throw unparsable(o.ecosystem, v, `empty or bad identifier ${JSON.stringify(text)}`);
    const numeric = NUMBER_LOOSE.test(text);
    // §9: numeric pre-release identifiers MUST NOT include leading zeros; build metadata may (§10).
    if (numeric && isPre && !o.leadingZeros && !NUMBER.test(text)) {
      throw unparsable(o.ecosystem, v, `leading zero in pre-release identifier ${text}`);
    }
    return { text: numeric && isPre ? stripZeros(text) : text, numeric };
  });
}

/** Parses `MAJOR.MINOR.PATCH[-PRE][+BUILD]` (no prefix: callers strip what their ecosystem allows). */
export function parseSemVer(v: string, o: SemVerOptions): SemVer {
  const plus = v.indexOf('+');
  const main = plus < 0 ? v : v.slice(0, plus);
  const buildText = plus < 0 ? undefined : v.slice(plus + 1);
  const dash = main.indexOf('-');
  const core = dash < 0 ? main : main.slice(0, dash);
  const preText = dash < 0 ? undefined : main.slice(dash + 1);
  const parts = core.split('.');
  const shortOk = o.shorthand === true && preText === undefined && buildText === undefined;
  if (parts.length !== 3 && !(shortOk && parts.length < 3)) {
    throw unparsable(o.ecosystem, v, 'expected MAJOR.MINOR.PATCH');
  }
  const numbers = parts.map((p) => {
    if (!(o.leadingZeros ? NUMBER_LOOSE : NUMBER).test(p))
      throw unparsable(o.ecosystem, v, `bad number ${JSON.stringify(p)}`);
    const n = stripZeros(p);
    if (o.maxNumber !== undefined && compareDigits(n, o.maxNumber) > 0)
      throw unparsable(o.ecosystem, v, `${n} exceeds ${o.maxNumber}`);
    return n;
  });
  return {
    major: numbers[0] ?? '0',
    minor: numbers[1] ?? '0',
    patch: numbers[2] ?? '0',
    pre: preText === undefined ? [] : identifiers(preText, true, o, v),
    build: buildText === undefined ? [] : identifiers(buildText, false, o, v),
  };
}

/** §11.4: identifier by identifier; numeric < alphanumeric; a longer list wins when all else is equal. */
export function compareIdentifiers(a: readonly SemVerIdentifier[], b: readonly SemVerIdentifier[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as SemVerIdentifier;
    const y = b[i] as SemVerIdentifier;
    let c: number;
    if (x.numeric && y.numeric) c = compareDigits(x.text, y.text);
    else if (x.numeric !== y.numeric) c = x.numeric ? -1 : 1;
    else c = compareAscii(x.text, y.text);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** SemVer precedence (§11): build metadata is ignored. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const c = compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch);
  if (c !== 0) return c;
  // §11.3: a version with a pre-release has lower precedence than the same version without.
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  return compareIdentifiers(a.pre, b.pre);
}

import { defineScheme } from './define-scheme.js';
import { compareAscii, compareDigits } from './numeric-string.js';
import { checkVersionInput, unparsable } from './version-input.js';

/**
 * RubyGems: `Gem::Version` (rubygems lib/rubygems/version.rb: `#initialize`, `#segments`,
 * `#canonical_segments`, `#<=>`). Hand-written: no JS port is maintained. `-` reads as
 * `.pre.`; segments are digit runs (numbers) and letter runs (strings, case-sensitive);
 * trailing zeros of the numeric part and of the string part are dropped; a string segment
 * sorts below a number (`1.0.a` < `1.0`).
 *
 * Accepted shape: Gem's ANCHORED_VERSION_PATTERN, except that letters may follow digits
 * without a dot (`1beta`): Gem::Version.new refuses those, but osv-scalibr's fixtures order
 * them and Gem's segment algorithm does so unambiguously.
 */
type Segment = string; // digits = number, otherwise a letter run

const SHAPE = /^[0-9]+[0-9a-zA-Z]*(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const SEGMENT = /[0-9]+|[a-z]+/gi;

function isNumber(s: Segment): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57;
}

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0 && isNumber(segments[end - 1] as string) && /^0+$/.test(segments[end - 1] as string)) end--;
  return segments.slice(0, end);
}

function parseGem(version: string): readonly Segment[] {
  checkVersionInput(version, 'RubyGems');
  if (!SHAPE.test(version)) throw unparsable('RubyGems', version, 'not a Gem::Version');
  const segments = version.replaceAll('-', '.pre.').match(SEGMENT) ?? [];
  const firstString = segments.findIndex((s) => !isNumber(s));
  const cut = firstString < 0 ? segments.length : firstString;
  return [...dropTrailingZeros(segments.slice(0, cut)), ...dropTrailingZeros(segments.slice(cut))];
}

function compareGem(a: readonly Segment[], b: readonly Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? '0';
    const y = b[i] ?? '0';
    const xn = isNumber(x);
    const yn = isNumber(y);
    if (xn && yn) {
      const c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (xn !== yn) return xn ? 1 : -1;
    else if (x !== y) return compareAscii(x, y);
  }
  return 0;
}

export const rubygemsVersioning = defineScheme<readonly Segment[]>({
  ecosystems: ['RubyGems'],
  parse: parseGem,
  compare: compareGem,
});

import { defineScheme } from './define-scheme.js';
import { compareDigits } from './numeric-string.js';
import { checkVersionInput, unparsable } from './version-input.js';

/**
 * Packagist: PHP `version_compare` (php-src ext/standard/versioning.c) after Composer's
 * normalisation as osv.dev and osv-scalibr apply it (osv.dev osv/ecosystems/packagist.py,
 * osv-scalibr semantic/version-packagist.go): a leading `v`/`V` is dropped, `-`, `_` and `+`
 * become `.`, and a `.` is put between digits and non-digits. Parts compare numerically when
 * both are numbers; otherwise by PHP's special forms dev < alpha = a < beta = b < RC = rc < #
 * < pl = p, where a number counts as `#`. Hand-written: no maintained JS port exists.
 */
type Part = string;

// Versions Composer can express: alphanumerics and . - _ + (and `#`, which PHP orders).
const SHAPE = /^[vV]?[0-9A-Za-z#]+(?:[._+-]+[0-9A-Za-z#]+)*$/;
const DIGITS = /^[0-9]+$/;
const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function parsePackagist(version: string): readonly Part[] {
  checkVersionInput(version, 'Packagist');
  if (!SHAPE.test(version)) throw unparsable('Packagist', version, 'not a Composer version');
  const canonical = version
    .replace(/^[vV]/, '')
    .replace(/[-_+]/g, '.')
    .replace(/([^\d.])(\d)/g, '$1.$2')
    .replace(/(\d)([^\d.])/g, '$1.$2');
  const parts = canonical.split('.');
  if (parts.some((p) => p === '')) throw unparsable('Packagist', version, 'empty component');
  return parts;
}

/** php-src `compare_special_version_forms`: first form the part starts with; unknown is -1. */
function specialOrder(part: Part): number {
  for (const [form, rank] of SPECIAL_FORMS) if (part.startsWith(form)) return rank;
  return -1;
}

function comparePart(a: Part, b: Part): number {
  const an = DIGITS.test(a);
  const bn = DIGITS.test(b);
  if (an && bn) return compareDigits(a, b);
  return specialOrder(an ? '#' : a) - specialOrder(bn ? '#' : b);
}

function comparePackagist(a: readonly Part[], b: readonly Part[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i] as Part, b[i] as Part);
    if (c !== 0) return c;
  }
  // The longer version wins if it continues with a number; otherwise its next part is
  // compared with `#` (so 1.0 < 1.0pl1 but 1.0 > 1.0rc1), as php_version_compare does.
  if (a.length > b.length) return DIGITS.test(a[n] as Part) ? 1 : comparePackagist(a.slice(n), ['#']);
  if (a.length < b.length) return DIGITS.test(b[n] as Part) ? -1 : comparePackagist(['#'], b.slice(n));
  return 0;
}

export const packagistVersioning = defineScheme<readonly Part[]>({
  ecosystems: ['Packagist'],
  parse: parsePackagist,
  compare: comparePackagist,
});

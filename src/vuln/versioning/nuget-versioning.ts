import { defineScheme } from './define-scheme.js';
import { compareDigits } from './numeric-string.js';
import { checkVersionInput, unparsable } from './version-input.js';

/**
 * NuGet: NuGet.Versioning `NuGetVersion.TryParse` and `VersionComparer.Default`
 * (https://learn.microsoft.com/nuget/concepts/package-versioning, NuGet.Client
 * src/NuGet.Core/NuGet.Versioning). Hand-written: no JS port is maintained. One to four
 * numbers (missing ones are 0, leading zeros allowed: `1.0.01` = `1.0.1.0`), an optional
 * `-` pre-release whose labels compare numerically when both are numbers, numbers first, and
 * otherwise case-insensitively (OrdinalIgnoreCase); `+` metadata is ignored.
 */
interface NuGetVersion {
  readonly numbers: readonly [string, string, string, string];
  readonly release: readonly string[];
}

const SHAPE =
  /^([0-9]+(?:\.[0-9]+){0,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const DIGITS = /^[0-9]+$/;

function parseNuGet(version: string): NuGetVersion {
  checkVersionInput(version, 'NuGet');
  const m = SHAPE.exec(version);
  if (m === null) throw unparsable('NuGet', version, 'expected N[.N[.N[.N]]][-label.label][+metadata]');
  const n = (m[1] as string).split('.');
  return {
    numbers: [n[0] ?? '0', n[1] ?? '0', n[2] ?? '0', n[3] ?? '0'],
    release: m[2] === undefined ? [] : m[2].split('.'),
  };
}

function compareLabel(a: string, b: string): number {
  const an = DIGITS.test(a);
  const bn = DIGITS.test(b);
  if (an && bn) return compareDigits(a, b);
  if (an !== bn) return an ? -1 : 1;
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.numbers[i] as string, b.numbers[i] as string);
    if (c !== 0) return c;
  }
  // A release (no label) is greater than any pre-release of the same numbers.
  if (a.release.length === 0 || b.release.length === 0) return b.release.length - a.release.length;
  const n = Math.min(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(a.release[i] as string, b.release[i] as string);
    if (c !== 0) return c;
  }
  return a.release.length - b.release.length;
}

export const nugetVersioning = defineScheme<NuGetVersion>({
  ecosystems: ['NuGet'],
  parse: parseNuGet,
  compare: compareNuGet,
});

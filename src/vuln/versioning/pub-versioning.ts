import { defineScheme } from './define-scheme.js';
import { compareDigits } from './numeric-string.js';
import { compareIdentifiers, parseSemVer, type SemVer } from './semver-core.js';
import { checkVersionInput } from './version-input.js';

/**
 * Pub: Dart's pub_semver `Version.parse` / `compareTo`
 * (https://github.com/dart-lang/pub_semver/blob/master/lib/src/version.dart). Like SemVer 2.0.0
 * but numbers may have leading zeros, and build metadata takes part in the order: a version
 * with a build sorts after the same version without one, builds compare like pre-releases.
 */
function comparePub(a: SemVer, b: SemVer): number {
  const c = compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch);
  if (c !== 0) return c;
  if (a.pre.length === 0 || b.pre.length === 0) {
    if (a.pre.length !== b.pre.length) return b.pre.length - a.pre.length;
  } else {
    const p = compareIdentifiers(a.pre, b.pre);
    if (p !== 0) return p;
  }
  if (a.build.length === 0 || b.build.length === 0) return a.build.length - b.build.length;
  return compareIdentifiers(a.build, b.build);
}

export const pubVersioning = defineScheme<SemVer>({
  ecosystems: ['Pub'],
  parse: (v) => parseSemVer(checkVersionInput(v, 'Pub'), { ecosystem: 'Pub', leadingZeros: true }),
  compare: comparePub,
});

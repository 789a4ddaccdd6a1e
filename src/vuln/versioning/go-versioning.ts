import { defineScheme } from './define-scheme.js';
import { compareSemVer, parseSemVer, type SemVer } from './semver-core.js';
import { checkVersionInput } from './version-input.js';

/**
 * Go: golang.org/x/mod/semver (https://pkg.go.dev/golang.org/x/mod/semver). Go writes versions
 * with a `v` (`v1.2.3`); OSV records write them without (`1.2.3`, OSV schema "Go" ecosystem),
 * so the `v` is optional here and both spellings are the same version. `v1` and `v1.2` are
 * shorthands for v1.0.0 and v1.2.0. Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`)
 * are ordinary pre-releases and `+incompatible` is build metadata, which precedence ignores
 * (https://go.dev/ref/mod#pseudo-versions, #incompatible-versions).
 */
export const goVersioning = defineScheme<SemVer>({
  ecosystems: ['Go'],
  parse: (v) => {
    checkVersionInput(v, 'Go');
    return parseSemVer(v.startsWith('v') ? v.slice(1) : v, { ecosystem: 'Go', shorthand: true });
  },
  compare: compareSemVer,
});

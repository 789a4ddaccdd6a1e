import { compareAlpineVersions, parseAlpineVersion, type AlpineVersion } from './alpine-version.js';
import { ParseCache } from './parse-cache.js';
import { checkVersionInput } from './version-input.js';
import type { VersionScheme } from './version-scheme.js';

/**
 * Alpine: apk versions (apk-tools doc/apk-package.5.scd "pkgver"; abuild APKBUILD(5)).
 *
 * Two levels, on purpose. `isValid` is the grammar `number{.number}...{letter{number}}
 * {_suffix{number}}...{-r#}` — a letter may be followed by digits and the revision may be
 * written `.r#`, as apk, abuild#10088 and osv.dev's Alpine converter allow — so it rejects
 * what osv.dev rejects (vulnfeeds alpine fixtures/invalid_versions.txt: `57-1-r2`, `110.73/e0`,
 * `2.19.10.4_y8` …). `compare` orders every printable string, as `apk version -t` does and as
 * osv-scalibr's fixtures pin (`1-r-1`, `1.2.0A`, `.1`, `c`). The matcher should call `isValid`
 * and report a version that fails it, rather than rely on `compare` throwing.
 */
const GRAMMAR = /^[0-9]+(\.[0-9]+)*([a-z][0-9]*)?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*([-.]r[0-9]+)?$/;

const cache = new ParseCache<AlpineVersion>((v) => parseAlpineVersion(checkVersionInput(v, 'Alpine')));

const isValid = (version: string): boolean =>
  typeof version === 'string' && cache.isValid(version) && GRAMMAR.test(version);

export const alpineVersioning: VersionScheme = {
  ecosystems: ['Alpine'],
  isValid,
  compare: (a: string, b: string) => Math.sign(compareAlpineVersions(cache.parse(a), cache.parse(b))),
  // Keys only for what isValid accepts, as the VersionOrder contract asks.
  order: {
    key: (version: string) => (isValid(version) ? cache.parse(version) : undefined),
    compare: (a, b) => compareAlpineVersions(a as AlpineVersion, b as AlpineVersion),
  },
};

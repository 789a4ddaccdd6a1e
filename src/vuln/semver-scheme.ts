import { defineScheme } from './versioning/define-scheme.js';
import { compareSemVer, parseSemVer, type SemVer } from './versioning/semver-core.js';
import { checkVersionInput } from './versioning/version-input.js';
import type { VersionScheme } from './versioning/version-scheme.js';

/**
 * Ordering for OSV `SEMVER` ranges: SemVer 2.0.0 precedence (OSV schema §affected[].ranges[].type).
 * The range type, not the ecosystem, fixes this ordering, so it is not in the registry. Built on
 * the strict semver-core (no spaces, no `=`, no loose forms; versions are attacker-controlled)
 * with the parse cache. One leading `v` is tolerated because Go tooling writes it (osv-scanner
 * strips it the same way); build metadata (`+incompatible`) does not take part in precedence (SemVer §10).
 */
export const semverRangeScheme: VersionScheme = defineScheme<SemVer>({
  ecosystems: [],
  parse: (v) => {
    checkVersionInput(v, 'SEMVER');
    return parseSemVer(v.startsWith('v') ? v.slice(1) : v, { ecosystem: 'SEMVER' });
  },
  compare: compareSemVer,
});

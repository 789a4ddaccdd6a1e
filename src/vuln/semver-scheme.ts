import semver from 'semver';
import { VersionError, type VersionScheme } from './versioning/version-scheme.js';

/**
 * Ordering for OSV `SEMVER` ranges: SemVer 2.0.0 precedence (OSV schema §affected[].ranges[].type).
 * The range type, not the ecosystem, fixes this ordering. A leading `v` is tolerated because
 * Go tooling writes it (osv-scanner strips it the same way); build metadata (`+incompatible`)
 * does not take part in precedence (SemVer §10).
 */
function parse(v: string): semver.SemVer {
  const p = semver.parse(v.startsWith('v') ? v.slice(1) : v);
  if (p === null) throw new VersionError('VERSION_UNPARSABLE', `not a SemVer 2.0 version: ${JSON.stringify(v.slice(0, 80))}`);
  return p;
}

export const semverRangeScheme: VersionScheme = {
  ecosystems: [],
  isValid(version: string): boolean {
    return semver.parse(version.startsWith('v') ? version.slice(1) : version) !== null;
  },
  compare(a: string, b: string): number {
    return parse(a).compare(parse(b));
  },
};

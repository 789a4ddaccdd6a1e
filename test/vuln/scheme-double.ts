/**
 * Temporary test double for `versionSchemeFor` until src/vuln/versioning/registry.ts lands:
 * PyPI via @renovatebot/pep440, npm/crates.io/Go via semver. Tests only.
 */
import { compare, valid } from '@renovatebot/pep440';
import { VersionError, type VersionScheme } from '../../src/vuln/versioning/version-scheme.js';
import { semverRangeScheme } from '../../src/vuln/semver-scheme.js';

export const pep440Double: VersionScheme = {
  ecosystems: ['PyPI'],
  isValid: (v) => valid(v) !== null,
  compare(a, b) {
    if (valid(a) === null || valid(b) === null) throw new VersionError('VERSION_UNPARSABLE', `bad PEP 440 version ${a} / ${b}`);
    return compare(a, b);
  },
};

const SEMVER_DOUBLE: VersionScheme = { ...semverRangeScheme, ecosystems: ['npm', 'crates.io', 'Go'] };

export function schemeDouble(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(':')[0];
  if (base === 'PyPI') return pep440Double;
  if (base === 'npm' || base === 'crates.io' || base === 'Go') return SEMVER_DOUBLE;
  return undefined;
}

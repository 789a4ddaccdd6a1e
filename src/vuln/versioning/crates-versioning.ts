import { defineScheme } from './define-scheme.js';
import { compareSemVer, parseSemVer, type SemVer } from './semver-core.js';
import { checkVersionInput } from './version-input.js';

/**
 * crates.io: Cargo's `semver` crate (https://docs.rs/semver/1/semver/struct.Version.html) —
 * strict SemVer 2.0.0, no `v` prefix, components are u64. Ordering is SemVer precedence,
 * as OSV evaluates crates.io ranges (the crate's own Ord also compares build metadata).
 */
const U64_MAX = '18446744073709551615';

export const cratesVersioning = defineScheme<SemVer>({
  ecosystems: ['crates.io'],
  parse: (v) => parseSemVer(checkVersionInput(v, 'crates.io'), { ecosystem: 'crates.io', maxNumber: U64_MAX }),
  compare: compareSemVer,
});

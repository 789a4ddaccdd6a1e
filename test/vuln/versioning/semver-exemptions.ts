/**
 * Lines of osv-scalibr's semver-versions.txt (and the copy of them in pub-versions.txt) that
 * reflect its lenient "semver-like" parser, not SemVer 2.0.0 — SOURCES.md §2 warns about them,
 * and the issue allows exempting them, each with its reason, for strict SemVer ecosystems.
 */
const V_PREFIX = 'SemVer 2.0.0 has no "v" prefix; Cargo\'s semver crate, Elixir Version and pub_semver reject it';
const ONE_NUMBER =
  "a bare number is not MAJOR.MINOR.PATCH (SemVer 2.0.0 §2); only Go's x/mod/semver takes the vMAJOR shorthand";
const FIVE_PARTS =
  'MAJOR.MINOR.PATCH has exactly three numbers (SemVer 2.0.0 §2); "1.1.3.4.5" is rejected by every SemVer parser';

export const V_PREFIX_LINES: readonly string[] = [
  'v0.0.0 > 0.0.0-foo',
  'v0.0.1 > 0.0.0',
  'v1.0.0 > 0.9.9',
  'v0.10.0 > 0.9.0',
  'v0.99.0 > 0.10.0',
  'v2.0.0 > 1.2.3',
  '0.0.0 > v0.0.0-foo',
  '0.0.1 > v0.0.0',
  '1.0.0 > v0.9.9',
  '0.10.0 > v0.9.0',
  '0.99.0 > v0.10.0',
  '2.0.0 > v1.2.3',
  '0.0.0-foo < v0.0.0',
  '0.0.0 < v0.0.1',
  '0.9.9 < v1.0.0',
  '0.9.0 < v0.10.0',
  '0.10.0 < v0.99.0',
  '1.2.3 < v2.0.0',
  'v0.0.0-foo < 0.0.0',
  'v0.0.0 < 0.0.1',
  'v0.9.9 < 1.0.0',
  'v0.9.0 < 0.10.0',
  'v0.10.0 < 0.99.0',
  'v1.2.3 < 2.0.0',
  '1.2.3 = v1.2.3',
  '1.2.3-0 = v1.2.3-0',
  '1.2.3-1 = v1.2.3-1',
  '1.2.3-beta = v1.2.3-beta',
  'v1.2.3+build = 1.2.3+otherbuild', // semver-versions.txt
  'v1.2.3+build < 1.2.3+otherbuild', // pub-versions.txt (pub orders build metadata)
];

const ONE_NUMBER_LINE = '999999999999999999999999999991 < 999999999999999999999999999999';
const FIVE_PARTS_LINE = '1.1.3.4.5 = 1.1.3.4.5';
export const HUGE_LINE =
  '999999999999999999999999999991.999999999999999999999999999991.999999999999999999999999999991 < 999999999999999999999999999999.999999999999999999999999999991.999999999999999999999999999991';

function table(reasons: ReadonlyArray<readonly [readonly string[], string]>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [lines, reason] of reasons) for (const l of lines) out.set(l, reason);
  return out;
}

/** Exempted line → reason, per ecosystem. */
export const SEMVER_EXEMPTIONS: Readonly<
  Record<'npm' | 'crates.io' | 'Hex' | 'Go' | 'Pub', ReadonlyMap<string, string>>
> = {
  // node-semver, npm's own implementation, takes the "v" prefix, so those lines pass for npm.
  npm: table([
    [[ONE_NUMBER_LINE], ONE_NUMBER],
    [[FIVE_PARTS_LINE], FIVE_PARTS],
    [
      [HUGE_LINE],
      "node-semver (npm's implementation) rejects numbers above Number.MAX_SAFE_INTEGER; npm cannot publish this version",
    ],
  ]),
  'crates.io': table([
    [V_PREFIX_LINES, V_PREFIX],
    [[ONE_NUMBER_LINE], ONE_NUMBER],
    [[FIVE_PARTS_LINE], FIVE_PARTS],
    [[HUGE_LINE], "Cargo's semver crate stores numbers as u64; 30-digit components do not parse there"],
  ]),
  Hex: table([
    [V_PREFIX_LINES, V_PREFIX],
    [[ONE_NUMBER_LINE], ONE_NUMBER],
    [[FIVE_PARTS_LINE], FIVE_PARTS],
  ]),
  // Go: the "v" is Go's own spelling and optional in OSV, and vMAJOR is a valid shorthand.
  Go: table([[[FIVE_PARTS_LINE], FIVE_PARTS]]),
  Pub: table([
    [V_PREFIX_LINES, `${V_PREFIX} (these lines are copied from semver-versions.txt)`],
    [[ONE_NUMBER_LINE], ONE_NUMBER],
    [[FIVE_PARTS_LINE], FIVE_PARTS],
  ]),
};

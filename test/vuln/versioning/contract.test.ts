import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ORDERED_ECOSYSTEMS, VERSION_SCHEMES, versionSchemeFor } from '../../../src/vuln/versioning/registry.js';
import { VersionError, type VersionScheme } from '../../../src/vuln/versioning/version-scheme.js';
import { semverRangeScheme } from '../../../src/vuln/semver-scheme.js';
import {
  ALPINE_ORDERED_BUT_INVALID,
  INVALID_BY_ECOSYSTEM,
  INVALID_EVERYWHERE,
  VALID_VERSIONS,
} from './version-arbitraries.js';

const RUNS = { numRuns: 300 };

function assertUnparsable(fn: () => unknown, label: string): void {
  assert.throws(fn, (e: unknown) => e instanceof VersionError && e.code === 'VERSION_UNPARSABLE', label);
}

// One contract, every implementation (Renovate lib/modules/versioning and Kysely's per-dialect suites are the model):
// each registry scheme under each of its ecosystems, and the OSV SEMVER range ordering, which no ecosystem names.
const UNDER_CONTRACT: ReadonlyArray<[string, VersionScheme]> = [
  ...VERSION_SCHEMES.flatMap((scheme) => scheme.ecosystems.map((e): [string, VersionScheme] => [e, scheme])),
  ['SEMVER', semverRangeScheme],
];
for (const [ecosystem, scheme] of UNDER_CONTRACT) {
  const arb = VALID_VERSIONS[ecosystem];
  describe(`${ecosystem} version scheme contract`, () => {
    test('has a generator of valid versions', () => assert.ok(arb !== undefined));
    if (arb === undefined) return;
    const s: VersionScheme = scheme;
    test('generated versions are valid', () =>
      fc.assert(
        fc.property(arb, (v) => s.isValid(v)),
        RUNS,
      ));
    test('reflexive: compare(v, v) == 0', () =>
      fc.assert(
        fc.property(arb, (v) => s.compare(v, v) === 0),
        RUNS,
      ));
    test('antisymmetric: sign(compare(a, b)) == -sign(compare(b, a))', () =>
      fc.assert(
        fc.property(arb, arb, (a, b) => Math.sign(s.compare(a, b)) === -Math.sign(s.compare(b, a))),
        RUNS,
      ));
    test('transitive: a <= b and b <= c imply a <= c (and = is an equivalence)', () =>
      fc.assert(
        fc.property(fc.array(arb, { minLength: 3, maxLength: 3 }), (xs) => {
          const [a, b, c] = [...xs].sort((x, y) => s.compare(x, y)) as [string, string, string];
          const ab = s.compare(a, b);
          const bc = s.compare(b, c);
          const ac = s.compare(a, c);
          return (
            ab <= 0 && bc <= 0 && ac <= 0 && (ab !== 0 || bc !== 0 || ac === 0) && (ac !== 0 || (ab === 0 && bc === 0))
          );
        }),
        RUNS,
      ));
    test('compare returns -1, 0 or 1', () =>
      fc.assert(
        fc.property(arb, arb, (a, b) => [-1, 0, 1].includes(s.compare(a, b))),
        RUNS,
      ));
    test('invalid input: isValid is false and compare throws VersionError VERSION_UNPARSABLE', () => {
      for (const bad of [...INVALID_EVERYWHERE, ...(INVALID_BY_ECOSYSTEM[ecosystem] ?? [])]) {
        assert.equal(s.isValid(bad), false, `${ecosystem} accepts ${JSON.stringify(bad)}`);
        assertUnparsable(() => s.compare(bad, bad), `${ecosystem} compares ${JSON.stringify(bad)}`);
      }
    });
    test('non-string input is refused, not crashed on', () => {
      assert.equal(s.isValid(undefined as unknown as string), false);
      assertUnparsable(() => s.compare(42 as unknown as string, '1'), ecosystem);
    });
  });
}

test('Alpine orders what apk orders but isValid keeps the apk grammar', () => {
  const alpine = versionSchemeFor('Alpine:v3.19');
  assert.ok(alpine !== undefined);
  for (const v of ALPINE_ORDERED_BUT_INVALID) {
    assert.equal(alpine.isValid(v), false, v);
    assert.equal(alpine.compare(v, v), 0, v);
  }
});

describe('versionSchemeFor', () => {
  test('every known ecosystem has a scheme naming it', () => {
    for (const e of ORDERED_ECOSYSTEMS) assert.ok(versionSchemeFor(e)?.ecosystems.includes(e), e);
    assert.deepEqual([...ORDERED_ECOSYSTEMS].sort(), [
      'Alpine',
      'Debian',
      'Go',
      'Hex',
      'Maven',
      'NuGet',
      'Packagist',
      'Pub',
      'PyPI',
      'RubyGems',
      'Ubuntu',
      'crates.io',
      'npm',
    ]);
  });
  test('release suffixes select by the part before the first colon', () => {
    assert.equal(versionSchemeFor('Debian:12')?.ecosystems[0], 'Debian');
    assert.equal(versionSchemeFor('Alpine:v3.19')?.ecosystems[0], 'Alpine');
    assert.equal(versionSchemeFor('Ubuntu:22.04:LTS')?.ecosystems[0], 'Ubuntu');
    assert.equal(versionSchemeFor('Ubuntu:Pro:18.04:LTS')?.ecosystems[0], 'Ubuntu');
  });
  test('unknown, differently-cased or empty ecosystems give undefined', () => {
    for (const e of ['', ':', 'pypi', 'NPM', 'Rocky Linux:9', 'GIT', 'constructor', '__proto__', 'toString'])
      assert.equal(versionSchemeFor(e), undefined, e);
    assert.equal(versionSchemeFor(undefined as unknown as string), undefined);
  });
  test('Debian and Ubuntu order alike', () => {
    const d = versionSchemeFor('Debian:11');
    const u = versionSchemeFor('Ubuntu:20.04:LTS');
    assert.ok(d !== undefined && u !== undefined);
    assert.equal(d.compare('1:1.0~rc1-1', '1:1.0-1'), -1);
    assert.equal(u.compare('1:1.0~rc1-1', '1:1.0-1'), -1);
  });
});

/**
 * The parsed ordering (VersionScheme.order) every scheme offers, against the scheme's own
 * string comparison: keys exist exactly for valid versions and order as `compare` does. And the
 * range evaluator, which compares parsed keys (one parse per component per ordering), against
 * the same evaluator comparing strings through the scheme (a scheme stripped of its `order`):
 * the same verdict for every generated advisory entry and version, whether the version is parsed
 * afresh or shared between the entries of a package.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { OsvAffected } from '../../../src/vuln/osv-record.js';
import { CompiledAffected, VersionProbe } from '../../../src/vuln/range-evaluator.js';
import { semverRangeScheme } from '../../../src/vuln/semver-scheme.js';
import { VERSION_SCHEMES } from '../../../src/vuln/versioning/registry.js';
import type { VersionScheme } from '../../../src/vuln/versioning/version-scheme.js';
import {
  ALPINE_ORDERED_BUT_INVALID,
  INVALID_BY_ECOSYSTEM,
  INVALID_EVERYWHERE,
  VALID_VERSIONS,
} from './version-arbitraries.js';

const RUNS = { numRuns: 300 };

const UNDER_CONTRACT: ReadonlyArray<[string, VersionScheme]> = [
  ...VERSION_SCHEMES.flatMap((scheme) => scheme.ecosystems.map((e): [string, VersionScheme] => [e, scheme])),
  ['SEMVER', semverRangeScheme],
];

/** The scheme comparing strings only: what the evaluator falls back to without an `order`. */
const stringsOnly = (s: VersionScheme): VersionScheme => ({
  ecosystems: s.ecosystems,
  isValid: (v) => s.isValid(v),
  compare: (a, b) => s.compare(a, b),
});

const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

for (const [ecosystem, scheme] of UNDER_CONTRACT) {
  const valid = VALID_VERSIONS[ecosystem]!;
  const invalid = [...INVALID_EVERYWHERE, ...(INVALID_BY_ECOSYSTEM[ecosystem] ?? [])];
  if (ecosystem === 'Alpine') invalid.push(...ALPINE_ORDERED_BUT_INVALID);
  const version = fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });

  describe(`${ecosystem} parsed ordering`, () => {
    const order = scheme.order;
    test('the scheme offers one', () => assert.ok(order !== undefined));
    if (order === undefined) return;

    test('a key exists exactly for a valid version', () => {
      fc.assert(
        fc.property(version, (v) => (order.key(v) !== undefined) === scheme.isValid(v)),
        RUNS,
      );
      assert.equal(order.key(undefined as unknown as string), undefined);
    });

    test('keys order as compare orders the strings', () =>
      fc.assert(
        fc.property(
          valid,
          valid,
          (a, b) => Math.sign(order.compare(order.key(a)!, order.key(b)!)) === scheme.compare(a, b),
        ),
        RUNS,
      ));
  });

  if (ecosystem === 'SEMVER') continue; // SEMVER ranges pick their ordering by range type, below
  describe(`${ecosystem} range evaluation on parsed keys`, () => {
    const event = fc.oneof(
      { weight: 1, arbitrary: fc.constant({ introduced: '0' }) },
      { weight: 1, arbitrary: fc.constant({ limit: '*' }) },
      { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...EVENT_KINDS), version).map(([k, v]) => ({ [k]: v })) },
    );
    const entry: fc.Arbitrary<OsvAffected> = fc.record({
      package: fc.constant({ ecosystem, name: 'p' }),
      ranges: fc.array(
        fc.record({
          type: fc.constantFrom('ECOSYSTEM', 'ECOSYSTEM', 'SEMVER', 'GIT'),
          events: fc.array(event, { minLength: 1, maxLength: 5 }),
        }),
        { maxLength: 3 },
      ),
      versions: fc.array(version, { maxLength: 6 }),
    }) as fc.Arbitrary<OsvAffected>;

    test('verdicts equal those of string comparison, with the version parsed afresh or shared', () =>
      fc.assert(
        fc.property(
          fc.array(entry, { minLength: 1, maxLength: 4 }),
          fc.array(version, { maxLength: 6 }),
          (entries, vs) => {
            const fast = entries.map((e) => new CompiledAffected(e, scheme));
            const slow = entries.map((e) => new CompiledAffected(e, stringsOnly(scheme)));
            const listed = entries.flatMap((e) => e.versions ?? []);
            for (const v of [...vs, ...listed]) {
              const probe = new VersionProbe(v);
              for (let i = 0; i < entries.length; i++) {
                const expected = slow[i]!.evaluate(v);
                assert.deepStrictEqual(fast[i]!.evaluate(v), expected);
                assert.deepStrictEqual(fast[i]!.evaluateProbe(probe), expected);
              }
            }
          },
        ),
        { numRuns: 150 },
      ));
  });
}

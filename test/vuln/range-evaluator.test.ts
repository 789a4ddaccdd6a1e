import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompiledAffected, evaluateAffected } from '../../src/vuln/range-evaluator.js';
import type { OsvAffected, OsvEvent } from '../../src/vuln/osv-record.js';
import { versionSchemeFor } from '../../src/vuln/versioning/registry.js';
import { pypiVersioning } from '../../src/vuln/versioning/pypi-versioning.js';

const npm = versionSchemeFor('npm');
const eco = (events: OsvEvent[], versions?: string[]): OsvAffected => ({
  ranges: [{ type: 'ECOSYSTEM', events }],
  ...(versions ? { versions } : {}),
});

const CASES: Array<[string, OsvAffected, string, string]> = [
  ['introduced/fixed: inside', eco([{ introduced: '1.0.0' }, { fixed: '1.2.0' }]), '1.1.0', 'affected'],
  ['fixed is exclusive', eco([{ introduced: '1.0.0' }, { fixed: '1.2.0' }]), '1.2.0', 'not-affected'],
  ['introduced is inclusive', eco([{ introduced: '1.0.0' }, { fixed: '1.2.0' }]), '1.0.0', 'affected'],
  ['below introduced', eco([{ introduced: '1.0.0' }, { fixed: '1.2.0' }]), '0.9.9', 'not-affected'],
  ['introduced 0 is before all', eco([{ introduced: '0' }, { fixed: '1.2.0' }]), '0.0.1-alpha', 'affected'],
  ['last_affected is inclusive', eco([{ introduced: '0' }, { last_affected: '2.88.2' }]), '2.88.2', 'affected'],
  ['after last_affected', eco([{ introduced: '0' }, { last_affected: '2.88.2' }]), '2.88.3', 'not-affected'],
  ['no fix: affected forever', eco([{ introduced: '1.0.0' }]), '99.0.0', 'affected'],
  [
    'events in any order',
    eco([{ fixed: '3.0.0' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '1.0.0' }]),
    '2.5.0',
    'affected',
  ],
  [
    'events in any order, gap',
    eco([{ fixed: '3.0.0' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '1.0.0' }]),
    '1.7.0',
    'not-affected',
  ],
  ['limit caps the range', eco([{ introduced: '0' }, { limit: '2.0.0' }]), '2.1.0', 'not-affected'],
  ['limit: below', eco([{ introduced: '0' }, { limit: '2.0.0' }]), '1.9.0', 'affected'],
  ['limit * is no limit', eco([{ introduced: '0' }, { limit: '*' }]), '9.0.0', 'affected'],
  ['explicit versions', eco([{ introduced: '5.0.0' }], ['1.0.0']), '1.0.0', 'affected'],
  ['prerelease before fix', eco([{ introduced: '0' }, { fixed: '1.0.0' }]), '1.0.0-rc.1', 'affected'],
];

for (const [name, affected, version, want] of CASES) {
  test(`range: ${name}`, () => {
    assert.equal(evaluateAffected(affected, version, npm).status, want);
  });
}

test('several ranges per package: any range affects', () => {
  const a: OsvAffected = {
    ranges: [
      { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.1.0' }] },
      { type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.1.0' }] },
    ],
  };
  assert.equal(evaluateAffected(a, '2.0.5', undefined).status, 'affected');
  assert.equal(evaluateAffected(a, '1.5.0', undefined).status, 'not-affected');
});

test('SEMVER ranges take Go prerelease bounds (GO-2023-2102 style) and a leading v', () => {
  const a: OsvAffected = { ranges: [{ type: 'SEMVER', events: [{ introduced: '1.21.0-0' }, { fixed: '1.21.3' }] }] };
  assert.equal(evaluateAffected(a, '1.21.0-rc.1', undefined).status, 'affected');
  assert.equal(evaluateAffected(a, 'v1.21.2', undefined).status, 'affected');
  assert.equal(evaluateAffected(a, '1.20.9', undefined).status, 'not-affected');
  assert.equal(evaluateAffected(a, '0.0.0-20230101000000-abcdefabcdef', undefined).status, 'not-affected');
});

test('PEP 440 versions list equality is by ordering, not by string', () => {
  const a: OsvAffected = {
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '9' }] }],
    versions: ['1.0', '2.0rc1'],
  };
  assert.equal(evaluateAffected(a, '1.0.0', pypiVersioning).status, 'affected');
  assert.equal(evaluateAffected(a, '2.0.0rc1', pypiVersioning).status, 'affected');
  assert.equal(evaluateAffected(a, '1.0.1', pypiVersioning).status, 'not-affected');
});

test('GIT-only ranges are reported, never ignored', () => {
  const a: OsvAffected = {
    ranges: [{ type: 'GIT', repo: 'https://x', events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }] }],
  };
  const v = evaluateAffected(a, '1.0.0', npm);
  assert.equal(v.status, 'not-evaluable');
  assert.equal(v.status === 'not-evaluable' && v.reason, 'GIT_RANGE');
  assert.equal(new CompiledAffected(a, npm).gitRanges, 1);
});

test('a version that does not parse is reported, not compared as a string', () => {
  const v = evaluateAffected(eco([{ introduced: '0' }, { fixed: '1.0.0' }]), 'not a version', npm);
  assert.equal(v.status === 'not-evaluable' && v.reason, 'VERSION_UNPARSABLE');
});

test('an advisory event that does not parse makes the range not evaluable', () => {
  const v = evaluateAffected(eco([{ introduced: '0' }, { fixed: 'garbage!' }]), '1.0.0', npm);
  assert.equal(v.status === 'not-evaluable' && v.reason, 'EVENT_UNPARSABLE');
});

test('an ecosystem range with no scheme is reported', () => {
  const v = evaluateAffected(eco([{ introduced: '0' }]), '1.0.0', undefined);
  assert.equal(v.status === 'not-evaluable' && v.reason, 'NO_VERSION_SCHEME');
});

test('property: event order never changes the verdict', () => {
  const ver = fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)).map(([a, b, c]) => `${a}.${b}.${c}`);
  const ev = fc.oneof(
    ver.map((v): OsvEvent => ({ introduced: v })),
    ver.map((v): OsvEvent => ({ fixed: v })),
  );
  fc.assert(
    fc.property(
      fc
        .array(ev, { minLength: 1, maxLength: 6 })
        .chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          ),
        ),
      ver,
      ([events, shuffled], v) => {
        // distinct values only: overlapping events are the linter's non-distinct case
        const values = events.map((e) => Object.values(e)[0]);
        fc.pre(new Set(values).size === values.length);
        assert.equal(evaluateAffected(eco(events), v, npm).status, evaluateAffected(eco(shuffled), v, npm).status);
      },
    ),
  );
});

test('property: a single introduced/fixed pair matches the interval [introduced, fixed)', () => {
  fc.assert(
    fc.property(fc.nat(50), fc.nat(50), fc.nat(60), (lo, hi, x) => {
      fc.pre(lo < hi);
      const got = evaluateAffected(eco([{ introduced: `${lo}.0.0` }, { fixed: `${hi}.0.0` }]), `${x}.0.0`, npm).status;
      assert.equal(got, x >= lo && x < hi ? 'affected' : 'not-affected');
    }),
  );
});

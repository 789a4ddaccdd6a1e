import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rateSeverity, ratingFromScore } from '../../src/vuln/severity.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';
import { SEVERITY_ORDER } from '../../src/domain/evidence.js';

const r = (extra: Partial<OsvRecord>): OsvRecord => ({ id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', ...extra });
const V31_CRIT = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const V30_MED = 'CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N'; // 4.2
const V4_HIGH = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';
const V2_HIGH = 'AV:N/AC:L/Au:N/C:P/I:P/A:P'; // 7.5

test('CVSS v3.1 is scored', () => {
  assert.deepEqual(rateSeverity(r({ severity: [{ type: 'CVSS_V3', score: V31_CRIT }] })), {
    severity: 'CRITICAL',
    score: 9.8,
    source: 'CVSS_V3.1',
    vector: V31_CRIT,
  });
});

test('preference v4 > v3.1 > v3.0 > v2 > database_specific, whatever the order given', () => {
  const all = [
    { type: 'CVSS_V2', score: V2_HIGH },
    { type: 'CVSS_V3', score: V30_MED },
    { type: 'CVSS_V3', score: V31_CRIT },
    { type: 'CVSS_V4', score: V4_HIGH },
  ];
  assert.equal(rateSeverity(r({ severity: all })).source, 'CVSS_V4');
  assert.equal(rateSeverity(r({ severity: all.slice(0, 3) })).source, 'CVSS_V3.1');
  assert.equal(rateSeverity(r({ severity: all.slice(0, 2) })).severity, 'MEDIUM');
  assert.deepEqual(rateSeverity(r({ severity: all.slice(0, 1), database_specific: { severity: 'LOW' } })), {
    severity: 'HIGH',
    score: 7.5,
    source: 'CVSS_V2',
    vector: V2_HIGH,
  });
});

test('GHSA MODERATE is MEDIUM; nothing is UNKNOWN', () => {
  assert.deepEqual(rateSeverity(r({ database_specific: { severity: 'MODERATE' } })), {
    severity: 'MEDIUM',
    source: 'database_specific',
  });
  assert.deepEqual(rateSeverity(r({})), { severity: 'UNKNOWN', source: 'none' });
});

test('incomplete or garbage vectors are skipped, never trusted', () => {
  const sev = [
    { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' },
    { type: 'CVSS_V3', score: 'garbage' },
    { type: 'CVSS_V4', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  ];
  assert.equal(rateSeverity(r({ severity: sev })).severity, 'UNKNOWN');
  assert.equal(rateSeverity(r({ severity: sev, database_specific: { severity: 'HIGH' } })).severity, 'HIGH');
});

test('per-package severity is used for that package', () => {
  const rec = r({
    affected: [{ package: { ecosystem: 'npm', name: 'a' }, severity: [{ type: 'CVSS_V3', score: V31_CRIT }] }],
  });
  assert.equal(rateSeverity(rec, rec.affected![0]).severity, 'CRITICAL');
});

test('property: rating bands are monotonic in the score', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
      fc.pre(a <= b);
      assert.ok(SEVERITY_ORDER.indexOf(ratingFromScore(a / 10)) <= SEVERITY_ORDER.indexOf(ratingFromScore(b / 10)));
    }),
  );
});

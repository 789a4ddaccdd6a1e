/**
 * Matching against real records from ../shared/osv-data (pypa/advisory-database @ 3ccb6125,
 * golang/vulndb @ a752ea54) and small hand-made records for the edge cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { AdvisoryIndex } from '../../src/vuln/matcher.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';
import type { Component } from '../../src/domain/evidence.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const comp = (purl: string, version?: string): Component => ({
  name: purl.split('/').pop()!.split('@')[0]!,
  licenses: [],
  hashes: {},
  purl,
  ...(version ? { version } : {}),
});

function real(...ids: string[]): OsvRecord[] | undefined {
  const dir = sharedPath('osv-data');
  if (dir === undefined) return undefined;
  return ids.map(
    (id) => JSON.parse(readFileSync(`${dir}/${id.startsWith('GO') ? 'go' : 'pypi'}/${id}.json`, 'utf8')) as OsvRecord,
  );
}

test('real PyPI record: roundup 1.4.4 affected, 1.4.5 fixed (PYSEC-2008-10)', (t) => {
  const records = real('PYSEC-2008-10');
  if (!records) return t.skip(SHARED_SKIP);
  const index = new AdvisoryIndex(records, { now: NOW });
  const r = index.match([comp('pkg:pypi/Roundup@1.4.4'), comp('pkg:pypi/roundup@1.4.5')]);
  assert.deepEqual(
    r.findings.map((f) => [f.advisoryId, f.aliases, f.version ?? f.package.purl, f.severity]),
    [['PYSEC-2008-10', ['CVE-2008-1475'], 'pkg:pypi/Roundup@1.4.4', 'UNKNOWN']],
  );
  assert.deepEqual(r.notEvaluable, []);
});

test('real Go record: gin v1.5.0 affected, v1.6.0 not (GO-2020-0001)', (t) => {
  const records = real('GO-2020-0001');
  if (!records) return t.skip(SHARED_SKIP);
  const index = new AdvisoryIndex(records, { now: NOW });
  const r = index.match([
    comp('pkg:golang/github.com/gin-gonic/gin@v1.5.0'),
    comp('pkg:golang/github.com/gin-gonic/gin@v1.6.0'),
  ]);
  assert.deepEqual(
    r.findings.map((f) => [f.advisoryId, f.package.purl]),
    [['GO-2020-0001', 'pkg:golang/github.com/gin-gonic/gin@v1.5.0']],
  );
  assert.deepEqual(r.findings[0]!.aliases, ['CVE-2020-36567', 'GHSA-6vm3-jj99-7229']);
});

test('aliases merge records into one finding listing every id and alias (zope 5.1)', (t) => {
  const records = real('PYSEC-2021-875', 'PYSEC-2021-368', 'PYSEC-2021-335');
  if (!records) return t.skip(SHARED_SKIP);
  const index = new AdvisoryIndex(records, { now: NOW });
  const r = index.match([comp('pkg:pypi/zope@5.1')]);
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]!.advisoryId, 'PYSEC-2021-368');
  assert.deepEqual(r.findings[0]!.aliases, [
    'CVE-2021-32807',
    'CVE-2021-32811',
    'GHSA-g4gq-j4p2-j8fr',
    'GHSA-qcx9-j53g-ccgf',
    'PYSEC-2021-875',
  ]);
  // 5.2 is fixed for PYSEC-2021-875 but not for PYSEC-2021-368 (fixed 5.3): one finding, one record's view.
  const r2 = index.match([comp('pkg:pypi/zope@5.2')]);
  assert.deepEqual(
    r2.findings.map((f) => f.advisoryId),
    ['PYSEC-2021-368'],
  );
});

const rec = (
  id: string,
  ecosystem: string,
  name: string,
  events: object[],
  extra: Partial<OsvRecord> = {},
): OsvRecord =>
  ({
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
    ...extra,
  }) as OsvRecord;

test('`related` never merges', () => {
  const index = new AdvisoryIndex(
    [
      rec('X-1', 'npm', 'a', [{ introduced: '0' }]),
      rec('X-2', 'npm', 'a', [{ introduced: '0' }], { related: ['X-1'] }),
    ],
    { now: NOW },
  );
  assert.deepEqual(
    index.match([comp('pkg:npm/a@1.0.0')]).findings.map((f) => f.advisoryId),
    ['X-1', 'X-2'],
  );
});

test('withdrawn records stop matching (at the injected time)', () => {
  const r = rec('X-1', 'npm', 'a', [{ introduced: '0' }], { withdrawn: '2025-01-01T00:00:00Z' });
  assert.equal(new AdvisoryIndex([r], { now: NOW }).match([comp('pkg:npm/a@1.0.0')]).findings.length, 0);
  assert.equal(
    new AdvisoryIndex([r], { now: new Date('2024-06-01T00:00:00Z') }).match([comp('pkg:npm/a@1.0.0')]).findings.length,
    1,
  );
});

test('private ids (x_…) match like any other', () => {
  const index = new AdvisoryIndex([rec('x_acme-2024-1', 'npm', 'a', [{ introduced: '0' }])], { now: NOW });
  assert.deepEqual(
    index.match([comp('pkg:npm/a@1.0.0')]).findings.map((f) => f.advisoryId),
    ['x_acme-2024-1'],
  );
});

test('distribution releases: another release never matches; a missing release is not evaluable', () => {
  const records = [
    rec('DSA-1', 'Debian:12', 'openssl', [{ introduced: '0' }]),
    rec('ALPINE-1', 'Alpine:v3.19', 'busybox', [{ introduced: '0' }]),
  ];
  const index = new AdvisoryIndex(records, { schemeFor: () => undefined, now: NOW });
  // no Debian ordering here: a release-matched component reaches range evaluation and reports it
  const r = index.match([
    comp('pkg:deb/debian/openssl@3.0.11-1?distro=debian-11'),
    comp('pkg:deb/debian/openssl@3.0.11-1'),
    comp('pkg:apk/alpine/busybox@1.36.1-r15?distro=3.18.4'),
    comp('pkg:apk/alpine/busybox@1.36.1-r15?distro=3.19.1'),
  ]);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(
    r.notEvaluable.map((n) => [n.component.purl, n.reason, n.finding?.advisoryId]),
    [
      ['pkg:deb/debian/openssl@3.0.11-1', 'RELEASE_MISSING', 'DSA-1'],
      ['pkg:apk/alpine/busybox@1.36.1-r15?distro=3.19.1', 'NO_VERSION_SCHEME', 'ALPINE-1'],
    ],
  );
});

test('unknown ecosystems are reported, never string-compared', () => {
  const index = new AdvisoryIndex([rec('Z-1', 'NotAnEcosystem', 'a', [{ introduced: '0' }])], { now: NOW });
  assert.deepEqual(index.stats.unknownEcosystems, { NotAnEcosystem: 1 });
  const r = index.match([comp('pkg:generic/a@1.0')]);
  assert.deepEqual(
    r.notEvaluable.map((n) => n.reason),
    ['UNKNOWN_ECOSYSTEM'],
  );
});

test('an unparsable version is reported on the finding', () => {
  const index = new AdvisoryIndex([rec('X-1', 'npm', 'a', [{ introduced: '0' }, { fixed: '2.0.0' }])], { now: NOW });
  const r = index.match([comp('pkg:npm/a@banana')]);
  assert.deepEqual(r.findings, []);
  assert.equal(r.notEvaluable[0]!.reason, 'VERSION_UNPARSABLE');
  assert.match(r.notEvaluable[0]!.finding!.notEvaluable!, /^VERSION_UNPARSABLE/);
});

test('memoized answers are frozen and follow the component (same purl, other version)', () => {
  const index = new AdvisoryIndex([rec('X-1', 'npm', 'a', [{ introduced: '0' }, { fixed: '2.0.0' }])], { now: NOW });
  const first = index.match([comp('pkg:npm/a@1.0.0')]).findings[0]!;
  assert.throws(() => {
    (first as { advisoryId: string }).advisoryId = 'tampered';
  }, TypeError);
  assert.equal(index.match([comp('pkg:npm/a@1.0.0')]).findings[0]!.advisoryId, 'X-1');
  assert.equal(index.match([comp('pkg:npm/a', '3.0.0')]).findings.length, 0);
  assert.equal(index.match([comp('pkg:npm/a', '1.0.0')]).findings.length, 1);
});

test('default orderings come from the versioning registry (real PyPI scheme)', (t) => {
  const records = real('PYSEC-2008-10');
  if (!records) return t.skip(SHARED_SKIP);
  const index = new AdvisoryIndex(records, { now: NOW });
  assert.deepEqual(
    index
      .match([comp('pkg:pypi/roundup@1.4.4'), comp('pkg:pypi/roundup@1.4.5'), comp('pkg:pypi/roundup@1.4.4.post1')])
      .findings.map((f) => f.package.purl),
    ['pkg:pypi/roundup@1.4.4', 'pkg:pypi/roundup@1.4.4.post1'],
  );
});

test('an advisory undecided through several affected[] entries is reported once', () => {
  const twice = {
    id: 'DSA-2',
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'Debian:11', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
      },
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
      },
    ],
  } as OsvRecord;
  const npmTwice = {
    ...rec('X-3', 'npm', 'a', [{ introduced: '0' }, { fixed: '2.0.0' }]),
    affected: [
      ...rec('X-3', 'npm', 'a', [{ introduced: '0' }, { fixed: '2.0.0' }]).affected!,
      ...rec('X-3', 'npm', 'a', [{ introduced: '3.0.0' }]).affected!,
    ],
  } as OsvRecord;
  const index = new AdvisoryIndex([twice, npmTwice], { now: NOW });
  const r = index.match([comp('pkg:deb/debian/openssl@3.0.11-1'), comp('pkg:npm/a@banana')]);
  assert.deepEqual(
    r.notEvaluable.map((n) => [n.reason, n.finding?.advisoryId]),
    [
      ['RELEASE_MISSING', 'DSA-2'],
      ['VERSION_UNPARSABLE', 'X-3'],
    ],
  );
});

test('a component with neither purl nor ecosystem: undecided findings when an advisory names it, else only reported', () => {
  const index = new AdvisoryIndex(
    [
      rec('PYSEC-9', 'PyPI', 'Django_Thing', [{ introduced: '0' }]),
      rec('X-9', 'npm', 'django-thing', [{ introduced: '0' }]),
    ],
    { now: NOW },
  );
  const named: Component = { name: 'django-thing', version: '1.0', licenses: [], hashes: {} };
  const r = index.match([named, { name: 'nothing-known', licenses: [], hashes: {} }]);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(
    r.notEvaluable.map((n) => [n.component.name, n.reason, n.finding?.advisoryId]),
    [
      ['django-thing', 'NO_PURL', 'X-9'], // npm before PyPI: the order of package-identity's ecosystems
      ['django-thing', 'NO_PURL', 'PYSEC-9'],
      ['nothing-known', 'NO_PURL', undefined],
    ],
  );
  assert.match(r.notEvaluable[0]!.finding!.notEvaluable!, /^NO_PURL: no purl or ecosystem/);
});

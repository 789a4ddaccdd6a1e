import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../../src/domain/digest.js';
import { advisoryImpacts } from '../../src/vuln/advisory-impact.js';
import type { IndexedHit } from '../../src/vuln/component-index-repository.js';
import { advisoryKeys, indexedComponents, looseName, NAME_ONLY_ECOSYSTEM } from '../../src/vuln/component-keys.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const record = (over: Partial<OsvRecord> = {}): OsvRecord =>
  ({
    id: 'GHSA-test-0001',
    modified: '2026-11-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1' }] }],
      },
    ],
    ...over,
  }) as OsvRecord;
const hit = (digest: Digest, purl: string, name = 'openssl'): IndexedHit => {
  const version = purl.split('@')[1]?.split('?')[0];
  return { digest, component: { name, purl, ...(version ? { version } : {}) }, key: { ecosystem: 'Debian', name } };
};

test('the keys of a record and of components meet: normalized per ecosystem, and by loose bare name', () => {
  assert.deepEqual(advisoryKeys(record()), [
    { ecosystem: 'Debian', name: 'openssl' },
    { ecosystem: NAME_ONLY_ECOSYSTEM, name: 'openssl' },
  ]);
  const rows = indexedComponents([
    { name: 'Foo_Bar', version: '1.0', purl: 'pkg:pypi/Foo_Bar@1.0', licenses: [], hashes: {} },
    { name: 'Foo_Bar', version: '1.0', purl: 'pkg:pypi/Foo_Bar@1.0', licenses: [], hashes: {} },
    { name: 'Mystery.Lib', version: '2', licenses: [], hashes: {} },
    { name: 'bad', purl: 'pkg:npm/%zz@1', licenses: [], hashes: {} },
  ]);
  assert.deepEqual(
    rows.map((r) => `${r.ecosystem}/${r.name}`),
    ['PyPI/foo-bar', `${NAME_ONLY_ECOSYSTEM}/mystery-lib`],
    'one row per distinct component; a purl that does not parse is not indexed',
  );
  assert.equal(looseName('Mystery.Lib'), 'mystery-lib');
});

test('the matcher decides: the distro release must match, a fixed version is not affected', () => {
  const impacts = advisoryImpacts(
    record(),
    [
      hit(d('a'), 'pkg:deb/debian/openssl@3.0.9-1?distro=debian-12'),
      hit(d('b'), 'pkg:deb/debian/openssl@3.0.11-1?distro=debian-12'),
      hit(d('c'), 'pkg:deb/debian/openssl@3.0.9-1?distro=debian-11'),
    ],
    NOW,
  );
  assert.deepEqual(
    impacts.map((i) => [i.digest, i.finding.advisoryId, i.finding.notEvaluable === undefined]),
    [[d('a'), 'GHSA-test-0001', true]],
  );
  assert.deepEqual(impacts[0]!.package, { ecosystem: 'Debian', name: 'openssl' });
});

test('doubt counts as affected (no distro release, no version); a decided finding wins over an undecided one', () => {
  const impacts = advisoryImpacts(
    record(),
    [hit(d('a'), 'pkg:deb/debian/openssl@3.0.9-1'), hit(d('b'), 'pkg:deb/debian/openssl?distro=debian-12')],
    NOW,
  );
  assert.deepEqual(
    impacts.map((i) => [i.digest, /RELEASE_MISSING|NO_VERSION/.test(i.finding.notEvaluable ?? '')]),
    [
      [d('a'), true],
      [d('b'), true],
    ],
  );
  const both = advisoryImpacts(
    record(),
    [hit(d('a'), 'pkg:deb/debian/openssl@3.0.9-1'), hit(d('a'), 'pkg:deb/debian/openssl@3.0.9-1?distro=debian-12')],
    NOW,
  );
  assert.equal(both.length, 1);
  assert.equal(both[0]!.finding.notEvaluable, undefined);
});

test('a withdrawn record affects nothing', () => {
  assert.deepEqual(
    advisoryImpacts(
      record({ withdrawn: '2026-11-28T00:00:00Z' }),
      [hit(d('a'), 'pkg:deb/debian/openssl@3.0.9-1?distro=debian-12')],
      NOW,
    ),
    [],
  );
});

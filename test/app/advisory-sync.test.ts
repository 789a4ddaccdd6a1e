import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { AdvisoryProvider } from '../../src/app/advisory-provider.js';
import { syncAdvisories } from '../../src/app/advisory-sync.js';
import { AdvisoryStore } from '../../src/store/advisory-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import type { StoredEvidence } from '../../src/domain/release.js';
import type { Sbom } from '../../src/domain/evidence.js';
import { checkVulnerabilities } from '../../src/policy/checks/vulnerabilities-check.js';
import type { EvidenceSnapshot } from '../../src/policy/evidence-snapshot.js';
import { ENGINES } from '../support/engines.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';

// Real records: ../shared/osv-data/ (pypa/advisory-database and golang/vulndb, see its SOURCES.md).
const pypi = sharedPath('osv-data', 'pypi');
const go = sharedPath('osv-data', 'go');
const digest = `sha256:${'a'.repeat(64)}` as const;
const NOW = new Date('2026-11-22T10:00:00Z');

function sbomEvidence(components: Array<{ name: string; version: string; purl: string }>): StoredEvidence {
  const sbom: Sbom = {
    format: 'cyclonedx',
    specVersion: '1.5',
    components: components.map((c) => ({ ...c, licenses: [], hashes: {} })),
    dependencies: [],
  };
  return {
    kind: 'sbom',
    sha256: `sha256:${'b'.repeat(64)}`,
    format: 'cyclonedx-1.5',
    summary: null,
    normalized: sbom,
    createdAt: NOW.toISOString(),
  };
}

for (const engine of ENGINES) {
  describe(`advisories sync on ${engine.name}`, {
    skip: !engine.available ? engine.skipReason : pypi === undefined ? SHARED_SKIP : false,
  }, () => {
    let store: ReleaseStore;
    let advisories: AdvisoryStore;
    let now = NOW;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      advisories = new AdvisoryStore(store.engine);
    });
    after(async () => store?.close());

    test('before any sync the provider answers undefined (the gate fails closed with VULN_DATA_MISSING)', async () => {
      const provider = new AdvisoryProvider(advisories, () => now);
      assert.equal(
        await provider.provide(digest, [
          sbomEvidence([{ name: 'aioxmpp', version: '0.10.2', purl: 'pkg:pypi/aioxmpp@0.10.2' }]),
        ]),
        undefined,
      );
      assert.equal(await advisories.syncGeneration(), 0);
    });

    test('full sync of the PyPI and Go mirrors, then a second sync changes nothing', async () => {
      const phases = new Set<string>();
      const first = await syncAdvisories(advisories, [pypi!, go!], { now, onProgress: (phase) => phases.add(phase) });
      assert.equal(first.added, 2661 + 4291 - first.skipped);
      assert.equal(first.total, first.added);
      assert.equal(first.updated, 0);
      assert.deepEqual([...phases].sort(), ['read', 'write']);
      assert.equal(first.syncGeneration, 1);
      const generation = await store.generation();
      const second = await syncAdvisories(advisories, [pypi!, go!], { now });
      assert.deepEqual(
        [second.added, second.updated, second.unchanged, second.total],
        [0, 0, first.added, first.total],
      );
      assert.equal(second.syncGeneration, 1, 'nothing changed: the index is not rebuilt');
      assert.equal(await store.generation(), generation);
    });

    test('the provider matches a real vulnerable PyPI version with its aliases; a fixed version does not match', async () => {
      const provider = new AdvisoryProvider(advisories, () => now);
      const r = await provider.provide(digest, [
        sbomEvidence([
          { name: 'aioxmpp', version: '0.10.2', purl: 'pkg:pypi/aioxmpp@0.10.2' },
          { name: 'aioxmpp-fixed', version: '0.10.3', purl: 'pkg:pypi/aioxmpp@0.10.3' },
        ]),
      ]);
      assert.ok(r);
      assert.match(r.source, /^osv:\d+ advisories$/);
      const ids = r.findings.map((f) => f.advisoryId);
      assert.deepEqual(ids, ['PYSEC-2019-1']);
      assert.deepEqual(r.findings[0]!.aliases, ['CVE-2019-1000007', 'GHSA-6m9g-jr8c-cqw3']);
      assert.equal(r.findings[0]!.version, '0.10.2');
      assert.equal(
        await provider.provide(digest, []),
        undefined,
        'no SBOM: nothing was matched, the gate must not pass on it',
      );
    });

    test('an unparsable version is reported on the finding (notEvaluable), never string-compared', async () => {
      const provider = new AdvisoryProvider(advisories, () => now);
      const r = await provider.provide(digest, [
        sbomEvidence([{ name: 'aioxmpp', version: 'not a version!', purl: 'pkg:pypi/aioxmpp@not%20a%20version!' }]),
      ]);
      assert.equal(r?.findings.length, 1);
      assert.match(r!.findings[0]!.notEvaluable ?? '', /./);
    });

    test('incremental: a newer copy that is withdrawn replaces the old one and stops matching; malformed files are skipped and counted', async () => {
      const record = JSON.parse(readFileSync(join(pypi!, 'PYSEC-2019-1.json'), 'utf8'));
      const dir = mkdtempSync(join(tmpdir(), 'mc-osv-'));
      writeFileSync(
        join(dir, 'PYSEC-2019-1.json'),
        JSON.stringify({ ...record, modified: '2026-11-20T00:00:00Z', withdrawn: '2026-11-21T00:00:00Z' }),
      );
      writeFileSync(join(dir, 'broken.json'), '{"id": "X-1", "modif');
      writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ id: 'X-2' }));
      const provider = new AdvisoryProvider(advisories, () => now);
      const component = sbomEvidence([{ name: 'aioxmpp', version: '0.10.2', purl: 'pkg:pypi/aioxmpp@0.10.2' }]);
      assert.equal((await provider.provide(digest, [component]))?.findings.length, 1);
      const s = await syncAdvisories(advisories, [dir], { now });
      assert.deepEqual([s.added, s.updated, s.skipped], [0, 1, 2]);
      assert.deepEqual(s.withdrawn, ['PYSEC-2019-1']);
      assert.deepEqual(s.skippedByReason, { OSV_MALFORMED: 1, OSV_INVALID: 1 });
      assert.equal(s.syncGeneration, 2);
      assert.equal(
        (await provider.provide(digest, [component]))?.findings.length,
        0,
        'index rebuilt for the new sync generation',
      );
      const older = await syncAdvisories(advisories, [pypi!], { now });
      assert.equal(older.updated, 0, 'an older modified never overwrites a newer one');
    });

    test('all.zip archives sync like directories', async () => {
      const files: Record<string, Uint8Array> = {};
      for (const id of ['GO-2020-0001', 'GO-2020-0003'])
        files[`${id}.json`] = new Uint8Array(readFileSync(join(go!, `${id}.json`)));
      const zipped = {
        ...files,
        'GO-2020-0001.json': new TextEncoder().encode(
          JSON.stringify({
            ...JSON.parse(new TextDecoder().decode(files['GO-2020-0001.json'])),
            modified: '2026-11-01T00:00:00Z',
          }),
        ),
      };
      const zip = join(mkdtempSync(join(tmpdir(), 'mc-osv-zip-')), 'all.zip');
      writeFileSync(zip, zipSync(zipped));
      const s = await syncAdvisories(advisories, [zip], { now });
      assert.deepEqual([s.added, s.updated, s.unchanged, s.skipped], [0, 1, 1, 0]);
    });

    test('a scheduled withdrawal takes effect when the injected clock passes it', async () => {
      const record = JSON.parse(readFileSync(join(pypi!, 'PYSEC-2022-182.json'), 'utf8'));
      const dir = mkdtempSync(join(tmpdir(), 'mc-osv-'));
      writeFileSync(
        join(dir, 'r.json'),
        JSON.stringify({ ...record, modified: '2026-11-20T00:00:00Z', withdrawn: '2026-12-01T00:00:00Z' }),
      );
      await syncAdvisories(advisories, [dir], { now });
      const provider = new AdvisoryProvider(advisories, () => now);
      const component = sbomEvidence([{ name: 'admesh', version: '0.98.4', purl: 'pkg:pypi/admesh@0.98.4' }]);
      assert.equal((await provider.provide(digest, [component]))?.findings.length, 1);
      now = new Date('2026-12-01T00:00:00Z');
      assert.equal((await provider.provide(digest, [component]))?.findings.length, 0);
      now = NOW;
    });
  });
}

/** One recorded sync that covered npm, for the provider stubs below. */
const npmSynced = [{ syncedAt: NOW.toISOString(), generation: 1, sources: [], coverage: { npm: 1 } }];

test('provider: a build for an older sync generation never replaces a newer one, however the reads interleave', async () => {
  const rec = (id: string, fixed: string) => ({
    id,
    modified: '2026-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'a' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
  });
  const generations: Array<(n: number) => void> = [];
  let loads = 0;
  const stub = {
    syncGeneration: () => new Promise<number>((resolve) => generations.push(resolve)),
    loadRecords: async () => [loads++ === 0 ? rec('OLD-1', '9.0.0') : rec('NEW-1', '0.5.0')],
    syncs: async () => npmSynced,
    lastSyncedAt: async () => undefined,
  } as unknown as AdvisoryStore;
  const provider = new AdvisoryProvider(stub, () => NOW);
  const sbom = [sbomEvidence([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }])];
  const a = provider.provide(digest, sbom); // reads generation 1, late
  const b = provider.provide(digest, sbom); // reads generation 2 first
  generations[1]!(2);
  await new Promise((r) => setImmediate(r));
  generations[0]!(1);
  assert.deepEqual(
    (await b)?.findings.map((f) => f.advisoryId),
    ['OLD-1'],
    'first load, built for generation 2',
  );
  assert.deepEqual(
    (await a)?.findings.map((f) => f.advisoryId),
    ['OLD-1'],
    'the late generation-1 reader uses the newer build',
  );
  const c = provider.provide(digest, sbom);
  generations[2]!(2);
  assert.deepEqual(
    (await c)?.findings.map((f) => f.advisoryId),
    ['OLD-1'],
  );
  assert.equal(loads, 1, 'one build for generation 2; the older reader started none');
});

test('a component whose purl does not parse reaches the vulnerabilities gate and fails it closed', async () => {
  const stub = {
    syncGeneration: async () => 1,
    loadRecords: async () => [],
    syncs: async () => npmSynced,
    lastSyncedAt: async () => undefined,
  } as unknown as AdvisoryStore;
  const r = await new AdvisoryProvider(stub, () => NOW).provide(digest, [
    sbomEvidence([
      { name: 'broken', version: '1.0.0', purl: 'pkg:npm/%zz@1.0.0' },
      { name: 'fine', version: '1.0.0', purl: 'pkg:npm/fine@1.0.0' },
      { name: 'os-thing', version: '1.0.0', purl: 'pkg:generic/os-thing@1.0.0' },
    ]),
  ]);
  assert.deepEqual(
    r?.unidentified.map((u) => u.component.purl),
    ['pkg:npm/%zz@1.0.0'],
    'BAD_PURL only: no OSV data exists for unknown ecosystems',
  );
  const snapshot: EvidenceSnapshot = {
    digest,
    evidence: [],
    findings: [],
    vulnerabilitySources: [r!.source],
    unidentifiedComponents: r!.unidentified,
    revocations: [],
  };
  const gate = checkVulnerabilities(
    { mode: 'enforce', block: ['CRITICAL', 'HIGH'], unknown_severity: 'HIGH' },
    snapshot,
    [],
    NOW,
  );
  assert.equal(gate.outcome, 'fail');
  assert.deepEqual(
    gate.reasons.map((x) => x.code),
    ['VULN_COMPONENT_UNIDENTIFIED'],
  );
  const clean = checkVulnerabilities(
    { mode: 'enforce', block: ['CRITICAL', 'HIGH'], unknown_severity: 'HIGH' },
    { ...snapshot, unidentifiedComponents: [] },
    [],
    NOW,
  );
  assert.equal(clean.outcome, 'pass');
});

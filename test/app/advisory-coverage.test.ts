import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncAdvisories } from '../../src/app/advisory-sync.js';
import type { GateService } from '../../src/app/gate-service.js';
import { AdvisoryStore } from '../../src/store/advisory-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { CoveredEcosystems, countCoverage, coverageOf, uncoveredEcosystems } from '../../src/vuln/advisory-coverage.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';
import { gate } from '../support/decision-gates.js';
import { ENGINES } from '../support/engines.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

// Real records: ../shared/osv-data/pypi (pypa/advisory-database, see its SOURCES.md).
const pypi = sharedPath('osv-data', 'pypi');
const NOW = new Date('2026-11-22T10:00:00Z');
const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev:
    vulnerabilities: { mode: advisory, block: [CRITICAL, HIGH], unknown_severity: HIGH }
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
waivers:
  max_ttl: 30d
`;
const NPM_SBOM = cyclonedx([
  { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
  { name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' },
]);

const record = (id: string, ecosystem: string, name: string): OsvRecord =>
  ({
    id,
    modified: '2026-01-01T00:00:00Z',
    affected: [{ package: { ecosystem, name }, versions: ['0.0.1'] }],
  }) as OsvRecord;

test('coverage keys: base ecosystems, distributions per release', () => {
  const counts = countCoverage([
    record('A', 'npm', 'x'),
    record('B', 'Debian:12', 'y'),
    record('C', 'Ubuntu:Pro:22.04:LTS', 'z'),
    record('D', 'npm', 'w'),
  ]);
  assert.deepEqual(counts, { npm: 2, 'Debian:12': 1, 'Ubuntu:22.04': 1 });
});

test('uncovered components are grouped by the ecosystem they need; unkeyable ones are left to the matcher', () => {
  const components = [
    { name: 'a', purl: 'pkg:npm/a@1.0.0' },
    { name: 'b', purl: 'pkg:npm/b@1.0.0' },
    { name: 'c', purl: 'pkg:pypi/c@1.0' },
    { name: 'libc', purl: 'pkg:deb/debian/libc6@2.36?distro=debian-12' },
    { name: 'musl', purl: 'pkg:apk/alpine/musl@1.2.4' },
    { name: 'g', purl: 'pkg:generic/g@1' },
    { name: 'bad', purl: 'pkg:pypi/django@not.a.version!!@1.0' },
  ].map((c) => ({ ...c, licenses: [], hashes: {} }));
  const out = uncoveredEcosystems(components as never, new CoveredEcosystems(['PyPI', 'Debian:11', 'Alpine:v3.19']));
  assert.deepEqual(
    out.map((u) => [u.ecosystem, u.components]),
    [
      ['npm', 2],
      ['Debian:12', 1],
    ],
  );
  assert.deepEqual(out[0]!.examples, ['pkg:npm/a@1.0.0', 'pkg:npm/b@1.0.0']);
});

for (const engine of ENGINES) {
  describe(`advisory coverage on ${engine.name}`, {
    skip: !engine.available ? engine.skipReason : pypi === undefined ? SHARED_SKIP : false,
  }, () => {
    let store: ReleaseStore;
    let service: GateService;
    const digest = `sha256:${'c'.repeat(64)}`;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => NOW);
      const ws = makeWorkspace(GATES);
      service = testInstallation(ws, store, () => NOW, {}).gate;
      await service.ingest(digest, [{ kind: 'sbom', bytes: NPM_SBOM }]);
    });
    after(async () => store?.close());

    test('PyPI advisories only: an npm SBOM fails closed in prod and is flagged in dev', async () => {
      await syncAdvisories(new AdvisoryStore(store.engine), [pypi!], { now: NOW });
      const prod = (await service.verify(digest, 'prod', 'never')).decision;
      assert.equal(prod.allow, false);
      const vuln = gate(prod, 'vulnerabilities');
      assert.equal(vuln.result, 'fail');
      const missing = vuln.reasons.find((r) => r.code === 'VULN_DATA_MISSING');
      assert.ok(missing, JSON.stringify(vuln.reasons));
      assert.deepEqual(missing.details, { ecosystems: ['npm'], components: 2 });
      assert.match(missing.message, /npm \(2: pkg:npm\/left-pad@1\.3\.0, pkg:npm\/lodash@4\.17\.21\)/);
      const dev = (await service.verify(digest, 'dev', 'never')).decision;
      assert.equal(dev.allow, true);
      assert.equal(gate(dev, 'vulnerabilities').result, 'advisory-fail');
      assert.ok(gate(dev, 'vulnerabilities').reasons.some((r) => r.code === 'VULN_DATA_MISSING'));
      const view = await service.vulnerabilityView(digest);
      assert.equal(view.state, 'partial');
      assert.deepEqual(
        view.uncoveredEcosystems.map((u) => u.ecosystem),
        ['npm'],
      );
    });

    test('each sync is recorded with its coverage and time; a sync that covers npm lets the gate decide', async () => {
      const advisories = new AdvisoryStore(store.engine);
      const dir = mkdtempSync(join(tmpdir(), 'mc-osv-'));
      writeFileSync(
        join(dir, 'GHSA-test-npm.json'),
        JSON.stringify(record('GHSA-xxxx-yyyy-zzzz', 'npm', 'not-in-the-sbom')),
      );
      const later = new Date(NOW.getTime() + 60_000);
      const summary = await syncAdvisories(advisories, [dir], { now: later });
      assert.deepEqual(summary.coverage, { npm: 1 });
      const coverage = coverageOf(await advisories.syncs());
      assert.deepEqual(
        coverage.find((c) => c.ecosystem === 'npm'),
        { ecosystem: 'npm', records: 1, firstSyncedAt: later.toISOString(), lastSyncedAt: later.toISOString() },
      );
      assert.equal(coverage.find((c) => c.ecosystem === 'PyPI')?.lastSyncedAt, NOW.toISOString());
      assert.equal((await advisories.syncs()).length, 2);
      const prod = (await service.verify(digest, 'prod', 'never')).decision;
      assert.equal(gate(prod, 'vulnerabilities').result, 'pass', JSON.stringify(gate(prod, 'vulnerabilities').reasons));
      assert.equal((await service.vulnerabilityView(digest)).state, 'known');
    });

    test('a sync that changes nothing is recorded without moving the generations', async () => {
      const advisories = new AdvisoryStore(store.engine);
      const [generation, syncGeneration] = [await store.generation(), await advisories.syncGeneration()];
      await syncAdvisories(advisories, [pypi!], { now: NOW });
      assert.equal((await advisories.syncs()).length, 3);
      assert.equal(await advisories.syncGeneration(), syncGeneration);
      assert.equal(await store.generation(), generation);
    });

    test('a scan report of the artifact vouches for the ecosystems no sync covered', async () => {
      const other = `sha256:${'d'.repeat(64)}`;
      const gems = cyclonedx([{ name: 'rack', version: '3.0.0', purl: 'pkg:gem/rack@3.0.0' }]);
      await service.ingest(other, [{ kind: 'sbom', bytes: gems }]);
      assert.ok(
        gate((await service.verify(other, 'prod', 'never')).decision, 'vulnerabilities').reasons.some(
          (r) => r.code === 'VULN_DATA_MISSING',
        ),
      );
      const scan = new TextEncoder().encode(JSON.stringify({ results: [] }));
      await service.ingest(other, [{ kind: 'scan', bytes: scan }]);
      const vuln = gate((await service.verify(other, 'prod', 'never')).decision, 'vulnerabilities');
      assert.equal(vuln.result, 'pass', JSON.stringify(vuln.reasons));
    });
  });
}

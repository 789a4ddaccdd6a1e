import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision } from '../../src/domain/decision.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { testInstallation } from '../support/installation.js';
import { ENGINES } from '../support/engines.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const digest = `sha256:${'4'.repeat(64)}`;
const now = new Date('2026-11-22T10:00:00Z');
const scan = {
  results: [
    {
      packages: [
        {
          package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
          vulnerabilities: [
            { id: 'GHSA-35jh-r3h4-6jhm', aliases: ['CVE-2021-23337'], database_specific: { severity: 'HIGH' } },
          ],
        },
      ],
    },
  ],
};

test('mc verify (service, always records) and GET /v1/verify give the same decision on every engine', async (t) => {
  const ws = makeWorkspace();
  const decisions: Array<[string, Decision]> = [];
  for (const engine of ENGINES) {
    if (!engine.available) {
      t.diagnostic(engine.skipReason ?? `${engine.name} unavailable`);
      continue;
    }
    const store = await ReleaseStore.open((await engine.create()).engine, () => now);
    const installation = testInstallation(ws, store, () => now, {}, { config: { cacheRecheckMs: 1000 } });
    const service = installation.gate;
    const { app } = buildApp({ services: installation, apiTokens: [], bodyLimitBytes: 1 << 20 });
    try {
      await service.ingest(
        digest,
        [
          { kind: 'sbom', bytes: cyclonedx([{ name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' }]) },
          { kind: 'scan', bytes: new TextEncoder().encode(JSON.stringify(scan)) },
        ],
        { name: 'registry.example/acme/api' },
      );
      for (const env of ['dev', 'prod']) {
        decisions.push([`${engine.name} cli ${env}`, (await service.verify(digest, env, 'always')).decision]);
        decisions.push([
          `${engine.name} http ${env}`,
          (await app.inject(`/v1/verify?digest=${digest}&env=${env}`)).json() as Decision,
        ]);
      }
    } finally {
      await app.close();
      await store.close();
    }
  }
  for (const env of ['dev', 'prod']) {
    const forEnv = decisions.filter(([label]) => label.endsWith(env));
    assert.ok(forEnv.length >= 2);
    for (const [label, d] of forEnv) assert.deepEqual(d, forEnv[0]![1], `${label} differs from ${forEnv[0]![0]}`);
  }
  assert.equal(decisions.find(([l]) => l.endsWith('prod'))![1].allow, false);
});

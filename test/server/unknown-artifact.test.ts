import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { GateService } from '../../src/app/gate-service.js';
import { composeInstallation } from '../../src/app/installation.js';
import { resolveConfig } from '../../src/config/config.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { buildApp } from '../../src/server/app.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

// Everything here is asked without credentials: what an anonymous client can make the server do.
const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory, signatures: advisory }
  prod: { sbom: enforce, signatures: enforce }
`;

for (const engine of ENGINES) {
  describe(`anonymous verify on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let service: GateService;
    let workDir: string;
    const now = new Date('2026-11-22T10:00:00Z');

    before(async () => {
      const ws = makeWorkspace(GATES);
      workDir = ws.dir;
      // The installation's own wiring: no trust policy on disk, so the signatures gate names the file.
      const config = resolveConfig({}, { workDir: ws.dir });
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      const installation = composeInstallation(config, () => now, store);
      service = installation.gate;
      ({ app } = buildApp({
        services: installation,
        apiTokens: [TEST_TOKEN],
        bodyLimitBytes: 1024 * 1024,
      }));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('never-seen digests are answered with ARTIFACT_UNKNOWN, even where every gate is advisory, and never recorded', async () => {
      const ledger = new LedgerStore(store.engine.db);
      const before = await ledger.size();
      for (let i = 0; i < 25; i++) {
        const digest = `sha256:${i.toString(16).padStart(64, '0')}`;
        for (const env of ['dev', 'prod']) {
          const r = await app.inject(`/v1/verify?digest=${digest}&env=${env}`);
          assert.equal(r.statusCode, 403);
          const d = r.json();
          assert.equal(d.allow, false);
          assert.deepEqual(
            [d.gates[0].gate, d.gates[0].mode, d.gates[0].result, d.gates[0].reasons[0].code],
            ['artifact', 'enforce', 'fail', 'ARTIFACT_UNKNOWN'],
          );
        }
      }
      assert.equal(await ledger.size(), before, 'no ledger entry for questions about unknown digests');
      assert.equal((await store.listDecisions({ limit: 100 })).length, 0);
    });

    test('a known digest is decided and recorded as before', async () => {
      const digest = `sha256:${'e'.repeat(64)}`;
      await service.ingest(digest, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      const r = await app.inject(`/v1/verify?digest=${digest}&env=dev`);
      assert.equal(r.statusCode, 200);
      assert.ok(!r.json().gates.some((g: { gate: string }) => g.gate === 'artifact'));
      assert.equal((await store.listDecisions({ digest: digest as `sha256:${string}`, limit: 10 })).length, 1);
    });

    test('no absolute server path in decision reasons or /readyz', async () => {
      const digest = `sha256:${'e'.repeat(64)}`;
      const r = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      const signatures = r.json().gates.find((g: { gate: string }) => g.gate === 'signatures');
      assert.equal(signatures.reasons[0].code, 'TRUST_POLICY_MISSING');
      assert.match(signatures.reasons[0].message, /SECURITY\/trust-policy\.yaml/);
      assert.ok(!r.body.includes(workDir), r.body);
      const ready = await app.inject('/readyz');
      assert.ok(!ready.body.includes(workDir), ready.body);
    });
  });
}

test('a trust policy that is a directory is TRUST_POLICY_INVALID (not "missing"), named without its absolute path', async () => {
  const { TrustPolicySource } = await import('../../src/app/trust-provider.js');
  const { mkdirSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'mc-trust-dir-'));
  const file = join(dir, 'SECURITY', 'trust-policy.yaml');
  mkdirSync(file, { recursive: true });
  const state = new TrustPolicySource(file, 0, 'SECURITY/trust-policy.yaml').current();
  assert.equal(state.ok, false);
  if (state.ok) return;
  assert.equal(state.reason.code, 'TRUST_POLICY_INVALID');
  assert.match(state.reason.message, /^trust policy SECURITY\/trust-policy\.yaml is a directory/);
  assert.ok(!state.reason.message.includes(dir));
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Installation } from '../../src/app/installation.js';
import { RolloutStatusError, rolloutStatus } from '../../src/app/rollout-status.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { FLAGGER_TOKEN, flaggerPayload } from '../support/flagger.js';
import { AUTH, TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const GOOD = `sha256:${'1'.repeat(64)}`;
const BAD = `sha256:${'2'.repeat(64)}` as const;
const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod: { sbom: enforce }
`;

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RolloutStatusError);
    assert.equal(e.code, code);
    return true;
  });
}

for (const engine of ENGINES) {
  describe(`rollout status on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let installation: Installation;
    let clock = new Date('2026-11-22T10:00:00Z');
    const tick = () => {
      clock = new Date(clock.getTime() + 60_000);
    };
    const hook = async (name: string, digest: string, phase: string, checksum: string) => {
      tick();
      const r = await app.inject({
        method: 'POST',
        url: `/v1/flagger/${name}?env=prod`,
        headers: { 'content-type': 'application/json' },
        payload: { ...flaggerPayload({ digest, token: FLAGGER_TOKEN }, phase), checksum },
      });
      assert.ok(r.statusCode < 500, r.body);
    };

    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => clock);
      installation = testInstallation(makeWorkspace(GATES), store, () => clock, {});
      await installation.gate.ingest(GOOD, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      ({ app } = buildApp({
        services: installation,
        apiTokens: [TEST_TOKEN],
        flaggerTokens: [FLAGGER_TOKEN],
        bodyLimitBytes: 1 << 20,
      }));
      // A first revision that goes through, then a second whose digest mc denies and rolls back.
      await hook('confirm-rollout', GOOD, 'Progressing', 'rev1');
      await hook('rollout', GOOD, 'Progressing', 'rev1');
      await hook('post-rollout', GOOD, 'Succeeded', 'rev1');
      await hook('pre-rollout', BAD, 'Progressing', 'rev2');
      await hook('rollback', BAD, 'Progressing', 'rev2');
      tick();
      const v = await app.inject({
        url: `/v1/verify/metric?digest=${BAD}&env=prod&workload=test/podinfo&step=1&run=rs2`,
        headers: AUTH,
      });
      assert.equal(v.statusCode, 200);
      tick();
      // An admission decision as the admission webhook records it.
      await installation.events.record([
        {
          type: 'admission',
          workload: 'test/podinfo',
          env: 'prod',
          digest: BAD,
          cause: 'denied',
          details: {
            operation: 'CREATE',
            kind: 'apps/Deployment',
            container: 'podinfo',
            reasons: ['ARTIFACT_UNKNOWN'],
          },
        },
      ]);
      await hook('event', BAD, 'Failed', 'rev2');
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('the chain, newest last, in the words of each tool', async () => {
      const s = await rolloutStatus(installation.events, 'test/podinfo');
      assert.deepEqual(
        s.events.map((e) => [e.type, e.cause]),
        [
          ['flagger', 'confirm-rollout'],
          ['flagger', 'rollout'],
          ['flagger', 'post-rollout'],
          ['flagger', 'pre-rollout'],
          ['flagger', 'rollback'],
          ['verify', 'metric'],
          ['admission', 'denied'],
          ['flagger', 'event'],
        ],
      );
      assert.equal(s.truncated, false);
      const summaries = s.events.map((e) => e.summary);
      assert.equal(summaries[0], 'flagger confirm-rollout hook (Progressing) → go: allow');
      assert.equal(
        summaries[4],
        'flagger rollback hook (Progressing) → rollback: deny (ARTIFACT_UNKNOWN, SBOM_MISSING)',
      );
      assert.equal(summaries[5], 'GET /v1/verify/metric → deny (ARTIFACT_UNKNOWN, SBOM_MISSING) [step 1] [run rs2]');
      assert.equal(summaries[6], 'admission CREATE apps/Deployment podinfo: denied (ARTIFACT_UNKNOWN)');
      assert.deepEqual(s.phase, { value: 'Failed', at: s.events[7]!.at, by: 'flagger event' });
      assert.deepEqual(s.step, { value: '1', at: s.events[5]!.at, by: 'verify' });
    });

    test('gate results per analysis run: one per canary revision (checksum), or per run a verify call named', async () => {
      const s = await rolloutStatus(installation.events, 'test/podinfo');
      assert.deepEqual(
        s.runs.map((r) => [r.run, r.digest, r.calls, r.denies, r.latest.allow, r.latest.by]),
        [
          ['checksum rev1', GOOD, 2, 0, true, 'flagger rollout'],
          ['checksum rev2', BAD, 2, 2, false, 'flagger rollback'],
          ['run rs2', BAD, 1, 1, false, 'verify metric'],
        ],
      );
      assert.deepEqual(s.runs[1]!.latest.gates, [
        { gate: 'artifact', mode: 'enforce', result: 'fail', codes: ['ARTIFACT_UNKNOWN'] },
        { gate: 'sbom', mode: 'enforce', result: 'fail', codes: ['SBOM_MISSING'] },
      ]);
    });

    test('a limit shows the newest events and says the chain is cut', async () => {
      const s = await rolloutStatus(installation.events, 'test/podinfo', 2);
      assert.deepEqual(
        s.events.map((e) => e.type),
        ['admission', 'flagger'],
      );
      assert.equal(s.truncated, true);
    });

    test('a name that is not namespace/name is an input error; one mc never heard of is not found', async () => {
      for (const bad of ['podinfo', 'Test/Podinfo', 'a/b/c', '', `x/${'y'.repeat(300)}`])
        await rejects(rolloutStatus(installation.events, bad), 'WORKLOAD_INVALID');
      await rejects(rolloutStatus(installation.events, 'test/other'), 'ROLLOUT_UNKNOWN');
    });
  });
}

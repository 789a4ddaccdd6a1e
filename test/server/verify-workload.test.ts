import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Installation } from '../../src/app/installation.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { AUTH, TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const ALLOWED = `sha256:${'c'.repeat(64)}`;
const UNKNOWN = `sha256:${'d'.repeat(64)}`;
const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod: { sbom: enforce }
`;

for (const engine of ENGINES) {
  describe(`verify calls naming a workload on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let installation: Installation;
    const now = () => new Date('2026-11-22T10:00:00Z');
    const chain = () => installation.events.list({ workload: 'shop/checkout', limit: 1000 });

    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, now);
      installation = testInstallation(makeWorkspace(GATES), store, now, {});
      await installation.gate.ingest(ALLOWED, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      ({ app } = buildApp({ services: installation, apiTokens: [TEST_TOKEN], bodyLimitBytes: 1 << 20 }));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('without workload nothing is recorded and no token is needed, as before', async () => {
      assert.equal((await app.inject(`/v1/verify?digest=${ALLOWED}&env=prod`)).statusCode, 200);
      assert.equal((await app.inject(`/v1/verify/metric?digest=${UNKNOWN}&env=prod`)).statusCode, 200);
      assert.deepEqual(await installation.events.list({ types: ['verify'] }), []);
    });

    test('workload, step and run are recorded as a verify event carrying the gate results', async () => {
      const q = 'workload=shop/checkout&step=2&run=7d9f8c6b5';
      const deny = await app.inject({ url: `/v1/verify?digest=${UNKNOWN}&env=prod&${q}`, headers: AUTH });
      assert.equal(deny.statusCode, 403);
      assert.equal(deny.json().allow, false, 'the answer is the decision JSON, as without workload');
      const metric = await app.inject({ url: `/v1/verify/metric?digest=${ALLOWED}&env=prod&${q}`, headers: AUTH });
      assert.equal(metric.statusCode, 200);
      const [last, first] = await chain();
      assert.equal(first?.type, 'verify');
      assert.equal(first?.cause, 'verify');
      assert.equal(first?.digest, UNKNOWN);
      assert.equal(first?.env, 'prod');
      assert.deepEqual(first?.details.gates, [
        { gate: 'artifact', mode: 'enforce', result: 'fail', codes: ['ARTIFACT_UNKNOWN'] },
        { gate: 'sbom', mode: 'enforce', result: 'fail', codes: ['SBOM_MISSING'] },
      ]);
      assert.equal(last?.cause, 'metric');
      assert.equal(last?.details.allow, true);
      assert.equal(last?.details.step, '2');
      assert.equal(last?.details.run, '7d9f8c6b5');
      assert.match(String(last?.details.principal), /^token:[0-9a-f]{8}$/);
    });

    test('recording is a write: without the bearer token it is 401/403 and nothing is recorded', async () => {
      const before = (await chain()).length;
      const none = await app.inject(`/v1/verify?digest=${ALLOWED}&env=prod&workload=shop/checkout`);
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'TOKEN_MISSING');
      const wrong = await app.inject({
        url: `/v1/verify/metric?digest=${ALLOWED}&env=prod&workload=shop/checkout`,
        headers: { authorization: 'Bearer not-the-token-0123456789' },
      });
      // The web metric never answers non-2xx (Argo would read an Error): the refusal is inside.
      assert.equal(wrong.statusCode, 200);
      assert.equal(wrong.json().allow, false);
      assert.equal(wrong.json().error.code, 'TOKEN_REJECTED');
      assert.equal((await chain()).length, before);
    });

    test('a workload, step or run that is not one is a 400', async () => {
      for (const q of [
        'workload=Shop/Checkout',
        'workload=checkout',
        'workload=a/b/c',
        'workload=shop/x&step=a%20b',
        'workload=shop/x&run=-x',
      ]) {
        const r = await app.inject({ url: `/v1/verify?digest=${ALLOWED}&env=prod&${q}`, headers: AUTH });
        assert.equal(r.statusCode, 400, q);
        assert.equal(r.json().error.code, 'REQUEST_INVALID');
      }
    });
  });
}

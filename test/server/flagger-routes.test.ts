import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Installation } from '../../src/app/installation.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { FLAGGER_TOKEN, flaggerPayload } from '../support/flagger.js';
import { AUTH, TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const ALLOWED = `sha256:${'a'.repeat(64)}`;
const UNKNOWN = `sha256:${'b'.repeat(64)}`;
const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory }
  prod: { sbom: enforce, promotable: enforce }
`;
const GATING = ['confirm-rollout', 'pre-rollout', 'rollout', 'confirm-traffic-increase', 'confirm-promotion'];

for (const engine of ENGINES) {
  describe(`Flagger hooks on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let installation: Installation;
    const now = () => new Date('2026-11-22T10:00:00Z');
    const post = (hook: string, body: unknown, query = '?env=prod', headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: `/v1/flagger/${hook}${query}`,
        headers: { 'content-type': 'application/json', ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const meta = (digest: string) => ({ digest, token: FLAGGER_TOKEN });

    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, now);
      installation = testInstallation(makeWorkspace(GATES), store, now, {});
      await installation.gate.ingest(ALLOWED, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      ({ app } = buildApp({
        services: installation,
        apiTokens: [TEST_TOKEN],
        flaggerTokens: [FLAGGER_TOKEN],
        bodyLimitBytes: 1 << 20,
      }));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('gating hooks: 200 when the digest is allowed, 403 with the decision JSON when it is denied', async () => {
      for (const hook of GATING) {
        const go = await post(hook, flaggerPayload(meta(ALLOWED)));
        assert.equal(go.statusCode, 200, `${hook}: ${go.body}`);
        assert.equal(go.json().outcome, 'go');
        assert.equal(go.json().decision.allow, true);
        const halt = await post(hook, flaggerPayload(meta(UNKNOWN)));
        assert.equal(halt.statusCode, 403, hook);
        assert.equal(halt.json().allow, false);
        assert.equal(halt.json().digest, UNKNOWN);
        assert.equal(halt.json().gates[0].reasons[0].code, 'ARTIFACT_UNKNOWN');
      }
      // The decision a hook recorded names the Flagger principal as its ledger entry's actor.
      const rows = await store.engine.db
        .withTables<{ ledger_entries: { kind: string; entry: Uint8Array } }>()
        .selectFrom('ledger_entries')
        .select(['entry'])
        .where('kind', '=', 'decision')
        .execute();
      const actors = rows.map((r) => JSON.parse(Buffer.from(r.entry).toString('utf8')).actor);
      assert.ok(actors.length > 0 && actors.every((a) => /^token:[0-9a-f]{8}$/.test(a)), actors.join(','));
    });

    test('every decision a hook returned is counted in mc_decisions_total', async () => {
      const metrics = (await app.inject('/metrics')).body;
      assert.match(metrics, /^mc_decisions_total\{env="prod",allow="true"\} [1-9]/m);
      assert.match(metrics, /^mc_decisions_total\{env="prod",allow="false"\} [1-9]/m);
    });

    test('gating hooks without a digest deny with DIGEST_UNRESOLVED (403, error shape)', async () => {
      const r = await post('confirm-promotion', flaggerPayload({ token: FLAGGER_TOKEN }));
      assert.equal(r.statusCode, 403);
      assert.deepEqual(Object.keys(r.json()), ['error']);
      assert.equal(r.json().error.code, 'DIGEST_UNRESOLVED');
    });

    test('rollback: 2xx (roll back) on a deny or an unresolved digest, 409 with what was checked otherwise', async () => {
      const unknown = await post('rollback', flaggerPayload(meta(UNKNOWN)));
      assert.equal(unknown.statusCode, 200, 'an unknown digest is a deny on an enforce gate: roll back');
      assert.equal(unknown.json().outcome, 'rollback');
      assert.equal(unknown.json().reasons[0].code, 'ARTIFACT_UNKNOWN');
      const unresolved = await post('rollback', flaggerPayload({ token: FLAGGER_TOKEN }, 'Waiting'));
      assert.equal(unresolved.statusCode, 200, 'doubt fails closed: roll back');
      assert.equal(unresolved.json().reasons[0].code, 'DIGEST_UNRESOLVED');
      const allowed = await post('rollback', flaggerPayload(meta(ALLOWED)));
      assert.equal(allowed.statusCode, 409);
      assert.equal(allowed.json().error.code, 'ROLLBACK_NOT_SIGNALLED');
      assert.match(allowed.json().error.message, /is allowed in prod/);
      // dev: sbom is advisory, so the known digest without an SBOM is allowed with an advisory failure.
      await installation.gate.ingest(UNKNOWN, [{ kind: 'scan', bytes: new TextEncoder().encode('{"results": []}') }]);
      const advisory = await post('rollback', flaggerPayload(meta(UNKNOWN)), '?env=dev');
      assert.equal(advisory.statusCode, 409, advisory.body);
      assert.match(advisory.json().error.message, /advisory failures: sbom \(SBOM_MISSING\)/);
    });

    test('rollback: a digest revoked while its canary runs is rolled back, and the gates halt it', async () => {
      const revoked = `sha256:${'e'.repeat(64)}`;
      await installation.gate.ingest(revoked, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      assert.equal((await post('rollback', flaggerPayload(meta(revoked)))).statusCode, 409);
      await installation.revocations.revoke(
        { digest: revoked, env: 'prod', reason: 'CVE in the base image' },
        'cli:test',
      );
      const rollback = await post('rollback', flaggerPayload(meta(revoked)));
      assert.equal(rollback.statusCode, 200, rollback.body);
      assert.equal(rollback.json().outcome, 'rollback');
      assert.equal(
        rollback.json().decision.gates.find((g: { gate: string }) => g.gate === 'promotable').result,
        'fail',
      );
      assert.equal((await post('confirm-promotion', flaggerPayload(meta(revoked)))).statusCode, 403);
    });

    test('post-rollout and event hooks are recorded (200), the token never', async () => {
      const post1 = await post('post-rollout', flaggerPayload(meta(ALLOWED), 'Succeeded'));
      assert.equal(post1.statusCode, 200);
      assert.equal(post1.json().outcome, 'recorded');
      // Event hooks: Flagger's metadata (eventMessage, eventType, timestamp) plus the webhook's own keys.
      const event = await post('event', {
        ...flaggerPayload({
          eventMessage: 'New revision detected! Scaling up podinfo.test',
          eventType: 'Normal',
          timestamp: '1578607635167',
          ...meta(ALLOWED),
        }),
      });
      assert.equal(event.statusCode, 200);
      const [last] = await installation.events.list({ workload: 'test/podinfo', types: ['flagger'], limit: 1 });
      assert.equal(last?.cause, 'event');
      assert.equal(last?.details.eventMessage, 'New revision detected! Scaling up podinfo.test');
      assert.equal(last?.details.role, 'flagger');
      const all = await installation.events.list({ workload: 'test/podinfo', limit: 1000 });
      assert.ok(all.length >= 10);
      assert.ok(!JSON.stringify(all).includes(FLAGGER_TOKEN), 'the token is never recorded');
      const halt = all.find((e) => e.cause === 'pre-rollout' && e.digest === UNKNOWN);
      assert.ok(halt);
      assert.equal(halt.details.outcome, 'halt');
      assert.equal(halt.env, 'prod');
      assert.equal(halt.details.checksum, '85d557f47b');
      assert.equal((halt.details.gates as Array<{ codes: string[] }>)[0]?.codes[0], 'ARTIFACT_UNKNOWN');
    });

    test('environment: metadata.env when the URL has none; conflicting, missing or unknown ones are 400', async () => {
      assert.equal((await post('pre-rollout', flaggerPayload({ ...meta(ALLOWED), env: 'prod' }), '')).statusCode, 200);
      assert.equal((await post('pre-rollout', flaggerPayload({ ...meta(ALLOWED), env: 'prod' }))).statusCode, 200);
      const cases: Array<[Record<string, string>, string, string]> = [
        [{ ...meta(ALLOWED), env: 'dev' }, '?env=prod', 'FLAGGER_ENV_CONFLICT'],
        [meta(ALLOWED), '', 'FLAGGER_ENV_MISSING'],
        [meta(ALLOWED), '?env=qa', 'ENVIRONMENT_UNKNOWN'],
        [{ ...meta(ALLOWED), digest: 'podinfo:latest' }, '?env=prod', 'FLAGGER_PAYLOAD_INVALID'],
      ];
      for (const hook of ['pre-rollout', 'rollback'])
        for (const [metadata, query, code] of cases) {
          const r = await post(hook, flaggerPayload(metadata), query);
          assert.equal(r.statusCode, 400, `${hook} ${code}: ${r.body}`);
          assert.equal(r.json().error.code, code);
        }
    });

    test('auth: metadata.token or the bearer header; none is 401, a wrong one 403', async () => {
      const none = await post('pre-rollout', flaggerPayload({ digest: ALLOWED }));
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'TOKEN_MISSING');
      const wrong = await post('rollback', flaggerPayload({ digest: UNKNOWN, token: 'not-the-token-0123456789' }));
      assert.equal(wrong.statusCode, 403, 'a wrong token is never a rollback');
      assert.equal(wrong.json().error.code, 'TOKEN_REJECTED');
      // The Canary's ${MC_FLAGGER_TOKEN} left unexpanded: refused, and said so.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the unexpanded placeholder is the input under test
      const placeholder = await post('pre-rollout', flaggerPayload({ digest: ALLOWED, token: '${MC_FLAGGER_TOKEN}' }));
      assert.equal(placeholder.statusCode, 403);
      assert.equal(placeholder.json().error.code, 'TOKEN_REJECTED');
      assert.match(placeholder.json().error.message, /placeholder/);
      const header = await post('pre-rollout', flaggerPayload({ digest: ALLOWED }), '?env=prod', AUTH);
      assert.equal(header.statusCode, 200);
      const badHeader = await post('pre-rollout', flaggerPayload(meta(ALLOWED)), '?env=prod', {
        authorization: 'Bearer not-the-token-0123456789',
      });
      assert.equal(badHeader.statusCode, 403, 'a wrong header is not rescued by the metadata token');
      // A Flagger token opens the Flagger hooks and nothing else.
      const waiver = await app.inject({
        method: 'POST',
        url: '/v1/waivers',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${FLAGGER_TOKEN}` },
        payload: '{}',
      });
      assert.equal(waiver.statusCode, 403);
    });

    test('bad requests are 4xx in the error shape, never a 5xx', async () => {
      const cases: Array<[string, string, string, Record<string, string>, number, string]> = [
        ['POST', '/v1/flagger/pre-rollout?env=prod', '{"name": ', {}, 400, 'MALFORMED_JSON'],
        ['POST', '/v1/flagger/pre-rollout?env=prod', '[]', {}, 401, 'TOKEN_MISSING'],
        [
          'POST',
          '/v1/flagger/pre-rollout?env=prod',
          JSON.stringify({ metadata: meta(ALLOWED) }),
          {},
          400,
          'FLAGGER_PAYLOAD_INVALID',
        ],
        [
          'POST',
          '/v1/flagger/pre-rollout?env=prod',
          '{}',
          { 'content-type': 'text/plain' },
          415,
          'CONTENT_TYPE_UNSUPPORTED',
        ],
        ['POST', '/v1/flagger/promote?env=prod', '{}', {}, 404, 'ROUTE_NOT_FOUND'],
        ['GET', '/v1/flagger/rollback?env=prod', '', {}, 405, 'METHOD_NOT_ALLOWED'],
      ];
      for (const [method, url, payload, headers, status, code] of cases) {
        const r = await app.inject({
          method: method as 'POST',
          url,
          headers: { 'content-type': 'application/json', ...headers },
          ...(payload ? { payload } : {}),
        });
        assert.equal(r.statusCode, status, `${url} ${payload}: ${r.body}`);
        assert.equal(r.json().error.code, code);
      }
      const big = await post('pre-rollout', flaggerPayload({ ...meta(ALLOWED), cmd: 'x'.repeat(70_000) }));
      assert.equal(big.statusCode, 413);
    });
  });
}

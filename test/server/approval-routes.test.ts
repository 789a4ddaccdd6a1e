import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Installation } from '../../src/app/installation.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { APPROVAL_GATES, DIGEST, testClock } from '../app/approvals/approval-flow.test.js';
import { ENGINES } from '../support/engines.js';
import { AUTH, TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const OTHER_TOKEN = 'other-token-0123456789abcdef';

for (const engine of ENGINES) {
  describe(`approval routes (${engine.name})`, { skip: engine.available ? false : engine.skipReason }, () => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of cleanups) await c();
    });

    async function start() {
      const clock = testClock();
      const ws = makeWorkspace(APPROVAL_GATES);
      const store = await ReleaseStore.open((await engine.create()).engine, clock);
      const inst: Installation = testInstallation(ws, store, clock);
      const { app } = buildApp({ services: inst, apiTokens: [TEST_TOKEN, OTHER_TOKEN], bodyLimitBytes: 1 << 20 });
      cleanups.push(async () => {
        await app.close();
        await inst.close();
      });
      await inst.gate.ingest(DIGEST, [{ kind: 'sbom', bytes: cyclonedx([]) }], { name: 'registry.example/acme/api' });
      return { app, clock, inst };
    }

    const post = (app: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = AUTH) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const verify = (app: FastifyInstance) => app.inject({ method: 'GET', url: `/v1/verify?digest=${DIGEST}&env=prod` });

    async function register(app: FastifyInstance, headers: Record<string, string> = AUTH) {
      const authn = new SoftAuthenticator();
      const options = (await post(app, '/v1/webauthn/register/options', {}, headers)).json();
      const done = await post(app, '/v1/webauthn/register/verify', { response: authn.register(options) }, headers);
      assert.equal(done.statusCode, 201, done.body);
      return authn;
    }

    it('deny → WebAuthn ceremony → redeemed → allow → replay 409 → 35 minutes later deny', async () => {
      const { app, clock } = await start();
      assert.equal((await verify(app)).statusCode, 403);
      const authn = await register(app);
      const options = (await post(app, '/v1/approvals/options', { digest: DIGEST, env: 'prod' })).json();
      const minted = await post(app, '/v1/approvals/verify', { response: authn.assert(options) });
      assert.equal(minted.statusCode, 200, minted.body);
      const { token } = minted.json();
      const redeem = () => post(app, '/v1/approvals/redeem', { digest: DIGEST, env: 'prod', token });
      const first = await redeem();
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().subject, `token:${require8(TEST_TOKEN)}`);
      const allowed = await verify(app);
      assert.equal(allowed.statusCode, 200, allowed.body);
      const replay = await redeem();
      assert.equal(replay.statusCode, 409);
      assert.equal(replay.json().error.code, 'APPROVAL_REPLAYED');
      clock.advance(35 * 60_000);
      const later = await verify(app);
      assert.equal(later.statusCode, 403);
      assert.ok(
        later.json().gates.some((g: { gate: string; result: string }) => g.gate === 'approvals' && g.result === 'fail'),
      );
    });

    it('publishes the signing key at /.well-known/jwks.json without credentials, and serves the approval page', async () => {
      const { app, inst } = await start();
      await inst.approvals.keys.signer();
      const jwks = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      assert.equal(jwks.statusCode, 200);
      const [key] = jwks.json().keys;
      assert.equal(key.alg, 'ES256');
      assert.equal(key.d, undefined, 'never the private part');
      const rotated = await inst.approvals.keys.rotate();
      const after = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' }))
        .json()
        .keys.map((k: { kid: string }) => k.kid);
      assert.deepEqual(after.sort(), [key.kid, rotated.kid].sort(), 'the retired key stays published for its tokens');
      const page = await app.inject({ method: 'GET', url: '/approve?digest=x' });
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /text\/html/);
    });

    it('answers bad input and missing credentials with the error shape', async () => {
      const { app } = await start();
      const anon = await post(app, '/v1/approvals/options', { digest: DIGEST, env: 'prod' }, {});
      assert.equal(anon.statusCode, 401);
      assert.ok(anon.json().error.code);
      const unknownEnv = await post(app, '/v1/approvals/options', { digest: DIGEST, env: 'moon' });
      assert.equal(unknownEnv.statusCode, 400);
      assert.equal(unknownEnv.json().error.code, 'ENVIRONMENT_UNKNOWN');
      const noCredential = await post(app, '/v1/approvals/options', { digest: DIGEST, env: 'prod' });
      assert.equal(noCredential.statusCode, 422);
      assert.equal(noCredential.json().error.code, 'WEBAUTHN_CREDENTIAL_UNKNOWN');
      const garbage = await post(app, '/v1/approvals/redeem', { digest: DIGEST, env: 'prod', token: 'a.b' });
      assert.equal(garbage.statusCode, 400);
      assert.equal(garbage.json().error.code, 'APPROVAL_TOKEN_MALFORMED');
      const notObject = await post(app, '/v1/approvals/verify', { response: 'x' });
      assert.equal(notObject.statusCode, 422);
      assert.equal(notObject.json().error.code, 'APPROVAL_REQUEST_INVALID');
      const exception = await post(app, '/v1/approvals/exceptions', {
        service: 'registry.example/acme/api',
        env: 'prod',
        owner: 'acme',
        reason: 'x',
        ttl: '2d',
      });
      assert.equal(exception.statusCode, 422);
      assert.equal(exception.json().error.code, 'EXCEPTION_INVALID');
    });

    it('a bypass needs a fresh step-up per approver over HTTP and distinct approvers; the report comes as JSON and Markdown', async () => {
      const { app, clock, inst } = await start();
      const created = await post(app, '/v1/bypasses', {
        digest: DIGEST,
        env: 'prod',
        incident: 'SEV1-7',
        reason: 'outage',
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, approveUrl } = created.json();
      assert.match(approveUrl, /\/approve\?bypass=/);
      const approve = (role: string, headers: Record<string, string> = AUTH) =>
        post(app, `/v1/bypasses/${id}/approve`, { role }, headers);
      const noStepUp = await approve('security');
      assert.equal(noStepUp.statusCode, 403);
      assert.equal(noStepUp.json().error.code, 'STEP_UP_REQUIRED');
      const authn = await register(app);
      const o = (await post(app, '/v1/webauthn/step-up/options', {})).json();
      assert.equal((await post(app, '/v1/webauthn/step-up/verify', { response: authn.assert(o) })).statusCode, 200);
      assert.equal((await approve('security')).statusCode, 200);
      const twice = await approve('release');
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'BYPASS_DUPLICATE_APPROVER');
      // The bypass's own approvals by other principals are exercised over the use case (bypass-flow.test.ts);
      // here the CLI-side principal completes the quorum, as `mc bypass approve` does.
      await inst.approvals.bypass.approve(
        id,
        'release',
        { label: 'cli:rel', kind: 'cli', roles: ['admin'] },
        { stepUp: false },
      );
      await inst.approvals.bypass.approve(
        id,
        'owner',
        { label: 'cli:own', kind: 'cli', roles: ['admin'] },
        { stepUp: false },
      );
      inst.gate.invalidate();
      const during = await verify(app);
      assert.equal(during.statusCode, 200, during.body);
      clock.advance(4 * 3_600_000);
      await inst.approvals.bypass.expireDue();
      assert.equal((await verify(app)).statusCode, 403);
      const json = await app.inject({ method: 'GET', url: `/v1/bypasses/${id}/report` });
      assert.equal(json.json().bypass.state, 'reverted');
      const md = await app.inject({ method: 'GET', url: `/v1/bypasses/${id}/report?format=markdown` });
      assert.match(md.body, /^# SEV-1 bypass /);
      assert.match(md.body, /\| security \| token:/);
      const missing = await app.inject({ method: 'GET', url: '/v1/bypasses/nope' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'BYPASS_NOT_FOUND');
    });
  });
}

function require8(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

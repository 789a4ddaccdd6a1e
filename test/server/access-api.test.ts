import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ACCESS_YAML } from '../support/access.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const hex = (t: string) => createHash('sha256').update(t).digest('hex');
const CI = 'ci-payments-token-0123456789';
const AUDIT = 'auditor-token-0123456789ab';
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const PAY = `sha256:${'1'.repeat(64)}`;
const WEB = `sha256:${'2'.repeat(64)}`;

for (const engine of ENGINES) {
  describe(`access rules over HTTP on ${engine.name}`, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    before(async () => {
      const ws = makeWorkspace();
      const accessFile = join(ws.dir, 'policy', 'data', 'access.yaml');
      writeFileSync(accessFile, `${ACCESS_YAML}step_up: { environments: [prod] }\n`);
      const tokensFile = join(ws.dir, 'tokens.yaml');
      writeFileSync(
        tokensFile,
        `tokens:\n  - { label: ci-payments, sha256: ${hex(CI)}, roles: [ci], team: payments }\n  - { label: audit, sha256: ${hex(AUDIT)}, roles: [auditor] }\n`,
      );
      const now = () => new Date('2026-11-22T10:00:00Z');
      store = await ReleaseStore.open((await engine.create()).engine, now);
      const services = testInstallation(
        ws,
        store,
        now,
        {},
        {
          config: { apiTokens: [TEST_TOKEN], identity: { accessFile, tokensFile, metricsPublic: false } },
        },
      );
      ({ app } = buildApp({ services, apiTokens: [TEST_TOKEN], bodyLimitBytes: 1024 * 1024 }));
      const sbom = Buffer.from(cyclonedx([]));
      for (const [d, name] of [
        [PAY, 'registry.example/payments/api'],
        [WEB, 'registry.example/web/site'],
      ] as const) {
        const r = await app.inject({
          method: 'POST',
          url: `/v1/artifacts/${d}/evidence?kind=sbom&name=${name}`,
          headers: bearer(TEST_TOKEN),
          payload: sbom,
        });
        assert.equal(r.statusCode, 201, r.body);
      }
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('every request needs a principal (401 in the one error shape), except health and readiness', async () => {
      for (const url of ['/v1/decisions', `/v1/verify?digest=${PAY}&env=dev`, '/v1/waivers', '/metrics', '/v1/nope']) {
        const r = await app.inject({ url });
        assert.equal(r.statusCode, 401, url);
        assert.equal(r.json().error.code, 'TOKEN_MISSING');
      }
      const rejected = await app.inject({ url: '/v1/decisions', headers: bearer('not-a-token-of-this-installation') });
      assert.deepEqual([rejected.statusCode, rejected.json().error.code], [401, 'TOKEN_REJECTED']);
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
      const unknown = await app.inject({ url: '/v1/nope', headers: bearer(AUDIT) });
      assert.deepEqual(
        [unknown.statusCode, unknown.json().error.code],
        [404, 'ROUTE_NOT_FOUND'],
        'authenticated: a 404',
      );
      const ready = await app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.match(ready.json().access.accessPolicyHash, /^sha256:[0-9a-f]{64}$/, 'readiness names the rules in force');
    });

    test('a CI token verifies and ingests for its team only; the other team is a 403 naming why', async () => {
      const own = await app.inject({ url: `/v1/verify?digest=${PAY}&env=dev`, headers: bearer(CI) });
      assert.ok([200, 403].includes(own.statusCode));
      assert.equal(own.json().digest, PAY, 'a decision, not an access error');
      const other = await app.inject({ url: `/v1/verify?digest=${WEB}&env=dev`, headers: bearer(CI) });
      assert.equal(other.statusCode, 403);
      assert.equal(other.json().error.code, 'ACCESS_DENIED');
      // Listing every team's decisions is not projected away: it asks for a digest.
      const all = await app.inject({ url: '/v1/decisions', headers: bearer(CI) });
      assert.deepEqual([all.statusCode, all.json().error.code], [403, 'ACCESS_SCOPE_REQUIRED']);
      const theirs = await app.inject({
        method: 'POST',
        url: `/v1/artifacts/${PAY}/evidence?kind=sbom&name=registry.example/web/site`,
        headers: bearer(CI),
        payload: Buffer.from(cyclonedx([])),
      });
      assert.equal(theirs.statusCode, 403, 'a name of another team is refused before the body is read');
      // Its own team's artifact: stored, and the ingest ledger entry names the token's label.
      const mine = await app.inject({
        method: 'POST',
        url: `/v1/artifacts/${PAY}/evidence?kind=sbom&name=registry.example/payments/api`,
        headers: bearer(CI),
        payload: Buffer.from(cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }])),
      });
      assert.equal(mine.statusCode, 201, mine.body);
      const ingests = await store.engine.db
        .withTables<{ ledger_entries: { kind: string; entry: Uint8Array } }>()
        .selectFrom('ledger_entries')
        .select(['entry'])
        .where('kind', '=', 'ingest')
        .execute();
      const actors = ingests.map((r) => JSON.parse(Buffer.from(r.entry).toString('utf8')).actor);
      assert.ok(actors.includes('token:ci-payments'), actors.join(','));
      assert.ok(
        actors.some((a) => /^token:[0-9a-f]{8}$/.test(a)),
        'the admin token of the setup, by its hash label',
      );
    });

    test('decisions carry accessPolicyHash; an auditor sees the fields its view lists, an artifact without evidence', async () => {
      const v = await app.inject({ url: `/v1/verify?digest=${PAY}&env=dev`, headers: bearer(TEST_TOKEN) });
      assert.match(v.json().accessPolicyHash, /^sha256:[0-9a-f]{64}$/);
      assert.notEqual(v.json().accessPolicyHash, v.json().policyHash);
      const list = await app.inject({ url: '/v1/decisions', headers: bearer(AUDIT) });
      assert.equal(list.statusCode, 200);
      assert.ok(list.json().decisions.length > 0);
      for (const d of list.json().decisions)
        assert.deepEqual(Object.keys(d).sort(), ['allow', 'digest', 'env', 'gates']);
      const artifact = await app.inject({ url: `/v1/artifacts/${PAY}`, headers: bearer(AUDIT) });
      assert.equal(artifact.statusCode, 200);
      assert.equal(artifact.json().evidence, undefined);
      assert.equal(artifact.json().digest, PAY);
      const full = await app.inject({ url: `/v1/artifacts/${PAY}`, headers: bearer(TEST_TOKEN) });
      assert.ok(full.json().evidence.length >= 1, 'the admin sees it');
    });

    test('a denied write is a ledger entry of type access with the principal label', async () => {
      const r = await app.inject({
        method: 'POST',
        url: '/v1/revocations',
        headers: { ...bearer(AUDIT), 'content-type': 'application/json' },
        payload: { digest: PAY, reason: 'nope' },
      });
      assert.deepEqual([r.statusCode, r.json().error.code], [403, 'ACCESS_DENIED']);
      const rows = await store.engine.db
        .withTables<{ ledger_entries: { kind: string; entry: Uint8Array } }>()
        .selectFrom('ledger_entries')
        .select(['kind', 'entry'])
        .where('kind', '=', 'access')
        .execute();
      const entries = rows.map((r) => JSON.parse(Buffer.from(r.entry).toString('utf8')));
      const denial = entries.find((e) => e.payload.action === 'revoke');
      assert.equal(denial.actor, 'token:audit');
      assert.deepEqual([denial.payload.code, denial.payload.route], ['ACCESS_DENIED', 'POST /v1/revocations']);
    });

    test('reinstating in a step-up environment needs a recent WebAuthn assertion: 403 STEP_UP_REQUIRED saying how', async () => {
      const r = await app.inject({
        method: 'DELETE',
        url: `/v1/revocations/${PAY}?env=prod&reason=fixed`,
        headers: bearer(TEST_TOKEN),
      });
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().error.code, 'STEP_UP_REQUIRED');
      assert.match(r.json().error.message, /WebAuthn assertion by token:[0-9a-f]{8}/);
    });

    test("a rotation attestation's actor is the caller, not the body", async () => {
      const ok = await app.inject({
        method: 'POST',
        url: '/v1/attestations/rotation',
        headers: { ...bearer(TEST_TOKEN), 'content-type': 'application/json' },
        payload: { subject: 'alice', items: ['ci/token'] },
      });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.match(ok.json().entry.actor, /^token:[0-9a-f]{8}$/);
      const lie = await app.inject({
        method: 'POST',
        url: '/v1/attestations/rotation',
        headers: { ...bearer(TEST_TOKEN), 'content-type': 'application/json' },
        payload: { subject: 'alice', items: ['ci/token'], actor: 'bob' },
      });
      assert.deepEqual(
        [lie.statusCode, lie.json().error.code, lie.json().error.path],
        [422, 'ATTESTATION_INVALID', '/actor'],
      );
    });
  });
}

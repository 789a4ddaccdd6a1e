import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ACCESS_YAML } from '../support/access.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { makeWorkspace } from '../support/workspace.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const FLAGGER = 'flagger-token-0123456789abc';
const D = `sha256:${'4'.repeat(64)}`;

describe('OIDC principals and the narrow integrations under access rules over HTTP', () => {
  let app: FastifyInstance;
  let store: ReleaseStore;
  let jwks: Server;
  let hang = false;
  let sign: (claims?: Record<string, unknown>) => Promise<string>;
  before(async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' };
    jwks = createServer((_req, res) => {
      if (hang) return;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const port = (jwks.address() as { port: number }).port;
    const iat = Math.floor(NOW.getTime() / 1000);
    sign = (claims = {}) =>
      new SignJWT({ sub: 'carol', roles: ['auditor'], ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://idp.example')
        .setAudience('mc')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 300)
        .sign(keys.privateKey);
    const ws = makeWorkspace();
    const accessFile = join(ws.dir, 'policy', 'data', 'access.yaml');
    writeFileSync(accessFile, ACCESS_YAML);
    store = await ReleaseStore.open((await ENGINES[0]!.create()).engine, () => NOW);
    const oidc = {
      issuer: 'https://idp.example',
      audience: ['mc'],
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      algorithms: ['ES256'],
      clockSkewSeconds: 60,
      rolesClaim: 'roles',
      teamClaim: 'team',
      jwksTimeoutMs: 1500,
    };
    const services = testInstallation(
      ws,
      store,
      () => NOW,
      {},
      {
        config: {
          apiTokens: [TEST_TOKEN],
          flaggerTokens: [FLAGGER],
          identity: { accessFile, oidc, metricsPublic: true },
        },
      },
    );
    ({ app } = buildApp({
      services,
      apiTokens: [TEST_TOKEN],
      flaggerTokens: [FLAGGER],
      bodyLimitBytes: 1 << 20,
      metricsPublic: true,
      logger: process.env.DEBUG_LOG === '1',
    }));
  });
  after(async () => {
    await app.close();
    await store.close();
    jwks.closeAllConnections();
    await new Promise((r) => jwks.close(r));
  });

  test('an OIDC auditor reads decisions; alg none is 401 JWT_INVALID; an unreachable JWKS is 503, never an allow', async () => {
    hang = true;
    try {
      const r = await app.inject({ url: '/v1/decisions', headers: { authorization: `Bearer ${await sign()}` } });
      assert.deepEqual([r.statusCode, r.json().error.code], [503, 'IDENTITY_PROVIDER_UNAVAILABLE']);
    } finally {
      hang = false;
    }
    const ok = await app.inject({ url: '/v1/decisions', headers: { authorization: `Bearer ${await sign()}` } });
    assert.equal(ok.statusCode, 200, ok.body);
    const waive = await app.inject({
      method: 'DELETE',
      url: '/v1/waivers/w1',
      headers: { authorization: `Bearer ${await sign()}` },
    });
    assert.deepEqual([waive.statusCode, waive.json().error.code], [403, 'ACCESS_DENIED']);
    assert.match(waive.json().error.message, /oidc:idp\.example:carol/);
    const [h, p] = (await sign()).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    for (const token of [none, `${h}.${p}.AAAA`]) {
      const r = await app.inject({ url: '/v1/decisions', headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual([r.statusCode, r.json().error.code], [401, 'JWT_INVALID']);
    }
  });

  test('a Flagger token verifies but writes nothing; /metrics is public when configured so', async () => {
    const v = await app.inject({
      url: `/v1/verify?digest=${D}&env=dev`,
      headers: { authorization: `Bearer ${FLAGGER}` },
    });
    assert.equal(v.json().digest, D, v.body);
    const r = await app.inject({
      method: 'POST',
      url: '/v1/revocations',
      headers: { authorization: `Bearer ${FLAGGER}`, 'content-type': 'application/json' },
      payload: { digest: D, reason: 'x' },
    });
    assert.deepEqual([r.statusCode, r.json().error.code], [403, 'ACCESS_DENIED']);
    const m = await app.inject({ url: '/metrics' });
    assert.equal(m.statusCode, 200, m.body);
  });
});

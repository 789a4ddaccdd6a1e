import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { ApprovalError } from '../../../src/app/approvals/approval-error.js';
import { ApprovalKeys } from '../../../src/app/approvals/approval-keys.js';
import { ApprovalTokens } from '../../../src/app/approvals/approval-token.js';
import { ApprovalStore } from '../../../src/store/approval-store.js';
import { ReleaseStore } from '../../../src/store/release-store.js';
import { ENGINES } from '../../support/engines.js';
import { DIGEST, testClock } from './approval-flow.test.js';

const IDP = 'https://idp.test';
const BINDING = { digest: DIGEST, env: 'prod', nonce: 'n-0123456789abcdef' };

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => e instanceof ApprovalError && e.code === code, code);
}

/** A local JWKS server for the external IdP: its keys can be rotated, and it can stop answering. */
describe('approval tokens from an external IdP, verified against its JWKS', () => {
  let server: Server;
  let url = '';
  let published: JWK[] = [];
  let hang = false;
  let fetches = 0;
  const clock = testClock();
  let store: ReleaseStore;
  let tokens: ApprovalTokens;

  before(async () => {
    server = createServer((_req, res) => {
      fetches++;
      if (hang) return; // never answers: the fetch times out
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
    store = await ReleaseStore.open((await ENGINES[0]!.create()).engine, clock);
    const keys = new ApprovalKeys(new ApprovalStore(store.engine), clock);
    tokens = new ApprovalTokens(keys, { issuer: 'urn:mc:approvals', external: { issuer: IDP, jwksUrl: url } }, clock, {
      timeoutMs: 300,
      cooldownMs: 0,
    });
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await store.close();
  });

  async function idpKey(kid: string) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    return { privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
  }

  function jwt(claims: Record<string, unknown>, opts: { iat?: number; exp?: number; iss?: string } = {}) {
    const now = Math.floor(clock().getTime() / 1000);
    return new SignJWT(claims)
      .setIssuer(opts.iss ?? IDP)
      .setSubject('alice@idp.test')
      .setAudience('mc-approvals')
      .setIssuedAt(opts.iat ?? now)
      .setExpirationTime(opts.exp ?? now + 600);
  }

  it('accepts a token with the binding claims; a rotated key is fetched on its unknown kid', async () => {
    const k1 = await idpKey('k1');
    published = [k1.jwk];
    const ok = await tokens.verify(
      await jwt(BINDING).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(k1.privateKey),
    );
    assert.equal(ok.issuer, IDP);
    assert.equal(ok.digest, DIGEST);
    const k2 = await idpKey('k2');
    published = [k1.jwk, k2.jwk];
    const before = fetches;
    const rotated = await tokens.verify(
      await jwt(BINDING).setProtectedHeader({ alg: 'ES256', kid: 'k2' }).sign(k2.privateKey),
    );
    assert.equal(rotated.subject, 'alice@idp.test');
    assert.equal(fetches, before + 1, 'refetched once for the unknown kid');
  });

  it('refuses alg none, HMAC keyed with the public key, an unknown issuer, missing binding claims, skew and lifetime', async () => {
    const k = await idpKey('k3');
    published = [k.jwk];
    const payload = Buffer.from(JSON.stringify({ iss: IDP, sub: 'a', aud: 'mc-approvals', ...BINDING })).toString(
      'base64url',
    );
    await rejects(
      tokens.verify(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`),
      'APPROVAL_TOKEN_SIGNATURE',
    );
    // Algorithm confusion: HS256 with the IdP's public key (which anyone can fetch) as the secret.
    const secret = new TextEncoder().encode(await exportSPKI(k.publicKey));
    await rejects(
      tokens.verify(await jwt(BINDING).setProtectedHeader({ alg: 'HS256', kid: 'k3' }).sign(secret)),
      'APPROVAL_TOKEN_SIGNATURE',
    );
    const sign = (claims: Record<string, unknown>, o?: { iat?: number; exp?: number; iss?: string }) =>
      jwt(claims, o).setProtectedHeader({ alg: 'ES256', kid: 'k3' }).sign(k.privateKey);
    await rejects(tokens.verify(await sign(BINDING, { iss: 'https://other.test' })), 'APPROVAL_TOKEN_ISSUER');
    await rejects(tokens.verify(await sign({ digest: DIGEST, env: 'prod' })), 'APPROVAL_TOKEN_CLAIMS');
    await rejects(tokens.verify(await sign({ ...BINDING, digest: 'sha256:nope' })), 'APPROVAL_TOKEN_CLAIMS');
    const now = Math.floor(clock().getTime() / 1000);
    await rejects(
      tokens.verify(await sign(BINDING, { iat: now + 300, exp: now + 900 })),
      'APPROVAL_TOKEN_NOT_YET_VALID',
    );
    await rejects(tokens.verify(await sign(BINDING, { iat: now, exp: now + 3600 })), 'APPROVAL_TOKEN_LIFETIME');
    await rejects(tokens.verify(await sign(BINDING, { iat: now - 1000, exp: now - 120 })), 'APPROVAL_TOKEN_EXPIRED');
    // Within the 60 s skew an expiry just past still verifies.
    assert.ok(await tokens.verify(await sign(BINDING, { iat: now - 600, exp: now - 30 })));
    const other = await idpKey('k4'); // signed by a key the IdP does not publish under that kid
    await rejects(
      tokens.verify(await jwt(BINDING).setProtectedHeader({ alg: 'ES256', kid: 'k3' }).sign(other.privateKey)),
      'APPROVAL_TOKEN_SIGNATURE',
    );
    await rejects(tokens.verify('e30.e30.'), 'APPROVAL_TOKEN_ISSUER');
    await rejects(tokens.verify('only.two'), 'APPROVAL_TOKEN_MALFORMED');
    await rejects(tokens.verify('%%%.e30.x'), 'APPROVAL_TOKEN_MALFORMED');
  });

  it('fails closed with APPROVAL_JWKS_UNAVAILABLE (503) when the JWKS does not answer', async () => {
    const k = await idpKey('k9');
    hang = true;
    try {
      const token = await jwt(BINDING).setProtectedHeader({ alg: 'ES256', kid: 'k9' }).sign(k.privateKey);
      await assert.rejects(
        tokens.verify(token),
        (e: unknown) =>
          e instanceof ApprovalError && e.code === 'APPROVAL_JWKS_UNAVAILABLE' && e.kind === 'unavailable',
      );
    } finally {
      hang = false;
    }
  });
});

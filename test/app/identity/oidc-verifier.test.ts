import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { Authenticator } from '../../../src/app/identity/authenticator.js';
import { IdentityError } from '../../../src/app/identity/identity-error.js';
import { OidcVerifier } from '../../../src/app/identity/oidc-verifier.js';
import { StaticTokens } from '../../../src/app/identity/static-tokens.js';
import type { OidcConfig } from '../../../src/config/identity-settings.js';

const ISSUER = 'https://idp.example';
const NOW = new Date('2026-11-22T10:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000);

/** A local JWKS endpoint: the keys it serves can be swapped (rotation), or it can stop answering. */
class JwksServer {
  keys: JWK[] = [];
  hang = false;
  fetches = 0;
  private server: Server | undefined;
  url = '';
  base = '';
  /** What the discovery document claims as issuer (default: the server's own base URL). */
  discoveryIssuer: string | undefined;
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration')
        return void res.end(JSON.stringify({ issuer: this.discoveryIssuer ?? this.base, jwks_uri: this.url }));
      this.fetches++;
      if (this.hang) return; // never answers: the verifier's timeout must fire
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
    this.url = `${this.base}/jwks`;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

const isIdentity = (code: string) => (e: unknown) => e instanceof IdentityError && e.code === code;

describe('OIDC bearer JWTs against a local JWKS', () => {
  const jwks = new JwksServer();
  let k1: Awaited<ReturnType<typeof generateKeyPair>>;
  let k2: Awaited<ReturnType<typeof generateKeyPair>>;
  const config = (): OidcConfig => ({
    issuer: ISSUER,
    audience: ['mc'],
    jwksUrl: jwks.url,
    algorithms: ['ES256'],
    clockSkewSeconds: 60,
    rolesClaim: 'roles',
    teamClaim: 'team',
    jwksTimeoutMs: 3000,
  });
  const sign = (claims: Record<string, unknown> = {}, kid = 'k1', key = k1.privateKey, exp = iat + 600) =>
    new SignJWT({ sub: 'alice', roles: ['release', 'Not A Role'], team: 'payments', aud: 'mc', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);

  before(async () => {
    await jwks.start();
    k1 = await generateKeyPair('ES256', { extractable: true });
    k2 = await generateKeyPair('ES256', { extractable: true });
    jwks.keys = [{ ...(await exportJWK(k1.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }];
  });
  after(() => jwks.stop());

  test('a valid token is a principal labelled by issuer host and sub, with its valid roles and team', async () => {
    const v = new OidcVerifier(config(), () => NOW);
    assert.deepEqual(await v.verify(await sign()), {
      label: 'oidc:idp.example:alice',
      kind: 'oidc',
      roles: ['release'],
      team: 'payments',
    });
  });

  test('rejected with JWT_INVALID: alg none, HMAC keyed with the public key, wrong aud or iss, expired beyond the skew, tampered', async () => {
    const v = new OidcVerifier(config(), () => NOW);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { sub: 'alice', iss: ISSUER, aud: 'mc', iat, exp: iat + 600 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    // The classic confusion: HS256 with the issuer's public key (PEM) as the HMAC secret.
    const pem = new TextEncoder().encode(await exportSPKI(k1.publicKey));
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(pem);
    const good = await sign();
    const [h, p, s] = good.split('.');
    const tampered = `${h}.${b64({ ...claims, sub: 'mallory' })}.${s}`;
    const cases = [
      none,
      hmac,
      tampered,
      await sign({ aud: 'other' }),
      await new SignJWT({ sub: 'alice' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://evil.example')
        .setAudience('mc')
        .setExpirationTime(iat + 600)
        .sign(k1.privateKey),
      await sign({}, 'k1', k1.privateKey, iat - 61),
      `${h}.${p}`,
    ];
    for (const token of cases) await assert.rejects(v.verify(token), isIdentity('JWT_INVALID'), token.slice(0, 40));
    // Within the skew allowance the same expiry still passes.
    assert.equal((await v.verify(await sign({}, 'k1', k1.privateKey, iat - 59))).label, 'oidc:idp.example:alice');
    // A token not yet valid beyond the skew (nbf in the future) is refused too.
    await assert.rejects(v.verify(await sign({ nbf: iat + 120 })), isIdentity('JWT_INVALID'));
  });

  test("without MC_OIDC_JWKS_URL the jwks_uri comes from the issuer's discovery document, whose issuer must match", async () => {
    const issuer = jwks.base;
    const discovered: OidcConfig = { ...config(), issuer };
    delete discovered.jwksUrl;
    const token = await new SignJWT({ sub: 'alice', aud: 'mc' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(issuer)
      .setExpirationTime(iat + 600)
      .sign(k1.privateKey);
    assert.equal(
      (await new OidcVerifier(discovered, () => NOW).verify(token)).label,
      `oidc:${new URL(issuer).host}:alice`,
    );
    jwks.discoveryIssuer = 'https://impostor.example';
    try {
      await assert.rejects(
        new OidcVerifier(discovered, () => NOW).verify(token),
        isIdentity('IDENTITY_PROVIDER_UNAVAILABLE'),
      );
    } finally {
      jwks.discoveryIssuer = undefined;
    }
  });

  test('key rotation: a token naming a new kid makes the verifier fetch the JWKS again', async () => {
    const v = new OidcVerifier(config(), () => NOW, { cooldownMs: 0 });
    await v.verify(await sign());
    const before = jwks.fetches;
    jwks.keys = [...jwks.keys, { ...(await exportJWK(k2.publicKey)), kid: 'k2', alg: 'ES256', use: 'sig' }];
    assert.equal((await v.verify(await sign({}, 'k2', k2.privateKey))).roles[0], 'release');
    assert.equal(jwks.fetches, before + 1, 'refetched once for the unknown kid');
    await v.verify(await sign());
    assert.equal(jwks.fetches, before + 1, 'the cached JWKS serves the known kid');
    await assert.rejects(v.verify(await sign({}, 'k3', k2.privateKey)), isIdentity('JWT_INVALID'));
  });

  test('a JWKS that does not answer fails closed: IDENTITY_PROVIDER_UNAVAILABLE (503), never a principal', async () => {
    const v = new OidcVerifier({ ...config(), jwksTimeoutMs: 200 }, () => NOW);
    jwks.hang = true;
    try {
      await assert.rejects(
        v.verify(await sign()),
        (e: unknown) => isIdentity('IDENTITY_PROVIDER_UNAVAILABLE')(e) && (e as IdentityError).kind === 'unavailable',
      );
    } finally {
      jwks.hang = false;
    }
  });

  test('the authenticator: missing, malformed, oversized and unknown credentials are 401 codes; static tokens first', async () => {
    const tokens = new StaticTokens({ apiTokens: ['admin-token-0123456789'] });
    const auth = new Authenticator(tokens, new OidcVerifier(config(), () => NOW));
    assert.equal((await auth.authenticate('Bearer admin-token-0123456789')).roles[0], 'admin');
    assert.equal((await auth.authenticate(`Bearer ${await sign()}`)).kind, 'oidc');
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'TOKEN_MISSING'],
      ['Basic abc', 'TOKEN_MALFORMED'],
      [`Bearer ${'a'.repeat(9000)}`, 'TOKEN_MALFORMED'],
      [`Bearer ${'eyJ'.repeat(3000)}.x.y`, 'TOKEN_MALFORMED'],
      ['Bearer not-a-known-token-at-all', 'TOKEN_REJECTED'],
      ['Bearer a.b.c', 'JWT_INVALID'],
    ];
    for (const [header, code] of cases) {
      await assert.rejects(
        auth.authenticate(header),
        (e: unknown) => isIdentity(code)(e) && (e as IdentityError).kind === 'unauthenticated',
        code,
      );
    }
  });
});

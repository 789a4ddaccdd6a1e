import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityConfig } from '../../src/config/identity-settings.js';
import { ConfigError } from '../../src/domain/errors.js';
import { IdentityError } from '../../src/app/identity/identity-error.js';
import { parseTokensFile } from '../../src/app/identity/tokens-file.js';

const OIDC = {
  MC_OIDC_ISSUER: 'https://idp.example',
  MC_OIDC_AUDIENCE: 'mc',
  MC_OIDC_JWKS_URL: 'https://idp.example/jwks',
};
const isConfig = (path: string) => (e: unknown) =>
  e instanceof ConfigError && e.code === 'CONFIG_INVALID' && e.path === path;

test('OIDC settings: asymmetric algorithms only, bounded skew, https (http only to loopback), all parts named', () => {
  const c = identityConfig(OIDC, '/w');
  assert.deepEqual(c.oidc?.algorithms, ['RS256', 'ES256', 'EdDSA']);
  assert.equal(c.oidc?.clockSkewSeconds, 60);
  assert.equal(c.accessFile, '/w/policy/data/access.yaml');
  assert.equal(c.metricsPublic, false);
  const cases: Array<[Record<string, string>, string]> = [
    [{ ...OIDC, MC_OIDC_ALGORITHMS: 'RS256,HS256' }, 'MC_OIDC_ALGORITHMS'],
    [{ ...OIDC, MC_OIDC_ALGORITHMS: 'none' }, 'MC_OIDC_ALGORITHMS'],
    [{ ...OIDC, MC_OIDC_CLOCK_SKEW: '301' }, 'MC_OIDC_CLOCK_SKEW'],
    [{ ...OIDC, MC_OIDC_CLOCK_SKEW: '-1' }, 'MC_OIDC_CLOCK_SKEW'],
    [{ ...OIDC, MC_OIDC_JWKS_URL: 'http://idp.example/jwks' }, 'MC_OIDC_JWKS_URL'],
    [{ ...OIDC, MC_OIDC_AUDIENCE: '' }, 'MC_OIDC_AUDIENCE'],
    [{ MC_OIDC_JWKS_URL: 'https://idp.example/jwks' }, 'MC_OIDC_ISSUER'],
    [{ MC_METRICS_PUBLIC: 'yes' }, 'MC_METRICS_PUBLIC'],
  ];
  for (const [env, path] of cases) {
    const { MC_OIDC_AUDIENCE, ...rest } = env;
    const given = MC_OIDC_AUDIENCE === '' ? rest : env;
    assert.throws(() => identityConfig(given, '/w'), isConfig(path), JSON.stringify(env));
  }
  assert.equal(
    identityConfig({ ...OIDC, MC_OIDC_JWKS_URL: 'http://127.0.0.1:9/jwks' }, '/w').oidc?.jwksUrl,
    'http://127.0.0.1:9/jwks',
  );
});

test('the tokens file holds hashes only; a token in clear, a repeated label or hash, a bad role is TOKENS_FILE_INVALID', () => {
  const h = 'a'.repeat(64);
  const ok = parseTokensFile(
    Buffer.from(`tokens:\n  - { label: ci, sha256: ${h}, roles: [ci], team: payments }\n`),
    't',
  );
  assert.deepEqual(ok, [{ label: 'ci', sha256: h, roles: ['ci'], team: 'payments' }]);
  for (const text of [
    'tokens:\n  - { label: ci, token: supersecret-0123456789, roles: [ci] }\n',
    `tokens:\n  - { label: ci, sha256: ${h}, roles: [ci] }\n  - { label: ci, sha256: ${'b'.repeat(64)}, roles: [ci] }\n`,
    `tokens:\n  - { label: a, sha256: ${h}, roles: [ci] }\n  - { label: b, sha256: ${h}, roles: [ci] }\n`,
    `tokens:\n  - { label: a, sha256: ${h}, roles: [CI Admin] }\n`,
    'tokens: [\n',
  ])
    assert.throws(
      () => parseTokensFile(Buffer.from(text), 't'),
      (e: unknown) => e instanceof IdentityError && e.code === 'TOKENS_FILE_INVALID',
    );
});

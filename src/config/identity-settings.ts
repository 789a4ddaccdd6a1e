import { join } from 'node:path';
import { ConfigError } from '../domain/errors.js';

/** A bearer JWT from an OIDC provider, verified against its JWKS. */
export interface OidcConfig {
  /** MC_OIDC_ISSUER: the `iss` every token must carry (an https:// URL; http:// only to loopback). */
  issuer: string;
  /** MC_OIDC_AUDIENCE (comma-separated): `aud` must hold one of these. */
  audience: string[];
  /** MC_OIDC_JWKS_URL: the issuer's JWKS; unset: the jwks_uri of `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** MC_OIDC_ALGORITHMS (default RS256,ES256,EdDSA): asymmetric only; HS* and none are refused. */
  algorithms: string[];
  /** MC_OIDC_CLOCK_SKEW (seconds, default 60, at most 300): tolerance on exp, nbf and iat. */
  clockSkewSeconds: number;
  /** MC_OIDC_ROLES_CLAIM (default `roles`), MC_OIDC_TEAM_CLAIM (default `team`). */
  rolesClaim: string;
  teamClaim: string;
  /** MC_OIDC_JWKS_TIMEOUT_MS (default 5000): a JWKS that does not answer in time is a 503, never an allow. */
  jwksTimeoutMs: number;
}

export interface IdentityConfig {
  /** MC_ACCESS_POLICY, default policy/data/access.yaml: present → every request needs a principal and the rules decide. */
  accessFile: string;
  /** MC_ACCESS_TOKENS_FILE: labelled static tokens (sha256 at rest) with roles and team. */
  tokensFile?: string;
  oidc?: OidcConfig;
  /** MC_METRICS_PUBLIC=1: /metrics answers without credentials under access rules too. */
  metricsPublic: boolean;
}

const ASYMMETRIC = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);
const CLAIM = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/;

type IdentityEnv = Partial<
  Record<
    | 'MC_ACCESS_POLICY'
    | 'MC_ACCESS_TOKENS_FILE'
    | 'MC_OIDC_ISSUER'
    | 'MC_OIDC_AUDIENCE'
    | 'MC_OIDC_JWKS_URL'
    | 'MC_OIDC_ALGORITHMS'
    | 'MC_OIDC_CLOCK_SKEW'
    | 'MC_OIDC_ROLES_CLAIM'
    | 'MC_OIDC_TEAM_CLAIM'
    | 'MC_OIDC_JWKS_TIMEOUT_MS'
    | 'MC_METRICS_PUBLIC',
    string
  >
>;

export function identityConfig(env: IdentityEnv, workDir: string): IdentityConfig {
  const oidc = env.MC_OIDC_ISSUER === undefined ? undefined : oidcConfig(env);
  for (const name of ['MC_OIDC_AUDIENCE', 'MC_OIDC_JWKS_URL'] as const)
    if (oidc === undefined && env[name] !== undefined)
      throw new ConfigError('CONFIG_INVALID', `${name} is set but MC_OIDC_ISSUER is not`, { path: 'MC_OIDC_ISSUER' });
  return {
    accessFile: env.MC_ACCESS_POLICY ?? join(workDir, 'policy', 'data', 'access.yaml'),
    ...(env.MC_ACCESS_TOKENS_FILE ? { tokensFile: env.MC_ACCESS_TOKENS_FILE } : {}),
    ...(oidc ? { oidc } : {}),
    metricsPublic: flag('MC_METRICS_PUBLIC', env.MC_METRICS_PUBLIC),
  };
}

function oidcConfig(env: IdentityEnv): OidcConfig {
  const issuer = url('MC_OIDC_ISSUER', env.MC_OIDC_ISSUER!);
  const audience = list(env.MC_OIDC_AUDIENCE);
  if (audience.length === 0)
    throw new ConfigError(
      'CONFIG_INVALID',
      'MC_OIDC_AUDIENCE is required with MC_OIDC_ISSUER (the audience mc accepts)',
      {
        path: 'MC_OIDC_AUDIENCE',
      },
    );
  const algorithms = env.MC_OIDC_ALGORITHMS ? list(env.MC_OIDC_ALGORITHMS) : ['RS256', 'ES256', 'EdDSA'];
  const bad = algorithms.find((a) => !ASYMMETRIC.has(a));
  if (bad !== undefined || algorithms.length === 0)
    throw new ConfigError(
      'CONFIG_INVALID',
      `MC_OIDC_ALGORITHMS takes asymmetric JWS algorithms only (${[...ASYMMETRIC].join(', ')}), got ${JSON.stringify((bad ?? '').slice(0, 20))}: an HMAC key would be the public key, and none signs nothing`,
      { path: 'MC_OIDC_ALGORITHMS' },
    );
  const skew = whole('MC_OIDC_CLOCK_SKEW', env.MC_OIDC_CLOCK_SKEW, 60);
  if (skew > 300)
    throw new ConfigError('CONFIG_INVALID', 'MC_OIDC_CLOCK_SKEW is at most 300 seconds', {
      path: 'MC_OIDC_CLOCK_SKEW',
    });
  const rolesClaim = env.MC_OIDC_ROLES_CLAIM ?? 'roles';
  const teamClaim = env.MC_OIDC_TEAM_CLAIM ?? 'team';
  for (const [name, v] of [
    ['MC_OIDC_ROLES_CLAIM', rolesClaim],
    ['MC_OIDC_TEAM_CLAIM', teamClaim],
  ] as const)
    if (!CLAIM.test(v)) throw new ConfigError('CONFIG_INVALID', `${name} must be a claim name`, { path: name });
  const timeout = whole('MC_OIDC_JWKS_TIMEOUT_MS', env.MC_OIDC_JWKS_TIMEOUT_MS, 5000);
  if (timeout < 1 || timeout > 60_000)
    throw new ConfigError('CONFIG_INVALID', 'MC_OIDC_JWKS_TIMEOUT_MS must be 1 to 60000', {
      path: 'MC_OIDC_JWKS_TIMEOUT_MS',
    });
  return {
    issuer,
    audience,
    ...(env.MC_OIDC_JWKS_URL !== undefined ? { jwksUrl: url('MC_OIDC_JWKS_URL', env.MC_OIDC_JWKS_URL) } : {}),
    algorithms,
    clockSkewSeconds: skew,
    rolesClaim,
    teamClaim,
    jwksTimeoutMs: timeout,
  };
}

/** https://, or http:// to a loopback host (a local provider, tests): keys fetched in clear text could be swapped. */
function url(name: string, text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `${name} must be a URL, got ${JSON.stringify(text.slice(0, 80))}`, {
      path: name,
    });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))
    throw new ConfigError('CONFIG_INVALID', `${name} must be https:// (http:// only to localhost)`, { path: name });
  return text;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function whole(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text))
    throw new ConfigError(
      'CONFIG_INVALID',
      `${name} must be a whole number, got ${JSON.stringify(text.slice(0, 40))}`,
      { path: name },
    );
  return Number(text);
}

function flag(name: string, text: string | undefined): boolean {
  if (text === undefined || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new ConfigError('CONFIG_INVALID', `${name} takes 1 or 0`, { path: name });
}

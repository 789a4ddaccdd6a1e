import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../../config/identity-settings.js';
import type { Clock } from '../../domain/clock.js';
import { type Principal, ROLE_NAME } from '../../domain/principal.js';
import { IdentityError } from './identity-error.js';
import { discoverJwksUri } from './oidc-discovery.js';

/** Key-resolution failures that say the key is not there (a 401), as opposed to the JWKS not answering (a 503). */
const NOT_THERE = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS']);
const SUBJECT = /^[\x21-\x7e]{1,128}$/;

export interface OidcVerifierOptions {
  /** How long after a fetch an unknown `kid` may trigger another (jose's cooldown; default 30 s). */
  cooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again (default 10 min). */
  cacheMaxAgeMs?: number;
}

/**
 * Bearer JWTs of the configured OIDC issuer (attacker-controlled until verified), with jose:
 * the JWKS is fetched and cached, fetched again when a token names an unknown `kid` (key
 * rotation) but not more often than the cooldown; the signature algorithm must be on the
 * allow-list (asymmetric only, so `none` and HMAC keyed with a public key never verify); `iss`,
 * `aud`, `exp` (required), `nbf` and `iat` are checked at the injected clock with the skew
 * allowance. A JWKS that does not answer fails closed: 503, never an allow.
 */
export class OidcVerifier {
  private readonly jwks: JWTVerifyGetKey;
  private readonly host: string;
  private remote: Promise<JWTVerifyGetKey> | undefined;

  constructor(
    private readonly config: OidcConfig,
    private readonly clock: Clock,
    private readonly options: OidcVerifierOptions = {},
  ) {
    this.jwks = async (header, token) => {
      const remote = await this.remoteKeys();
      try {
        return await remote(header, token);
      } catch (e) {
        if (e instanceof errors.JOSEError && NOT_THERE.has(e.code))
          throw new IdentityError(
            'JWT_INVALID',
            `no key of the issuer's JWKS matches kid ${JSON.stringify(String(header.kid ?? '')).slice(0, 80)}`,
            { cause: e },
          );
        throw new IdentityError(
          'IDENTITY_PROVIDER_UNAVAILABLE',
          `the OIDC issuer's JWKS did not answer: ${e instanceof errors.JWKSTimeout ? 'timed out' : 'unreachable or not a JWKS'}; no token of that issuer can be verified until it does`,
          { cause: e },
        );
      }
    };
    this.host = new URL(config.issuer).host;
  }

  /** The JWKS set: from MC_OIDC_JWKS_URL, else the issuer's discovery document (found once; a failure is tried again). */
  private remoteKeys(): Promise<JWTVerifyGetKey> {
    this.remote ??= (async () => {
      const url = this.config.jwksUrl ?? (await discoverJwksUri(this.config.issuer, this.config.jwksTimeoutMs));
      return createRemoteJWKSet(new URL(url), {
        timeoutDuration: this.config.jwksTimeoutMs,
        cooldownDuration: this.options.cooldownMs ?? 30_000,
        cacheMaxAge: this.options.cacheMaxAgeMs ?? 600_000,
      });
    })();
    const pending = this.remote;
    pending.catch(() => {
      if (this.remote === pending) this.remote = undefined;
    });
    return pending;
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.config.algorithms,
        clockTolerance: this.config.clockSkewSeconds,
        currentDate: this.clock(),
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      if (e instanceof IdentityError) throw e;
      throw new IdentityError('JWT_INVALID', `the bearer JWT is not accepted: ${reason(e)}`, { cause: e });
    }
    const sub = payload.sub!;
    if (!SUBJECT.test(sub))
      throw new IdentityError('JWT_INVALID', 'the bearer JWT is not accepted: sub is not a short printable string');
    const team = payload[this.config.teamClaim];
    return {
      label: `oidc:${this.host}:${sub}`,
      kind: 'oidc',
      roles: rolesOf(payload[this.config.rolesClaim]),
      ...(typeof team === 'string' && ROLE_NAME.test(team) ? { team } : {}),
    };
  }
}

/** Roles as an array of names or one space-separated string (the `scope` convention); others are ignored. */
function rolesOf(claim: unknown): string[] {
  const list = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return [...new Set(list.filter((r): r is string => typeof r === 'string' && ROLE_NAME.test(r)))].slice(0, 32);
}

/** jose's verdict as a stable word; its messages may quote claim values, which stay out of answers. */
function reason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'expired (exp is past, beyond the clock skew allowance)';
  if (e instanceof errors.JWTClaimValidationFailed) return `claim ${e.claim} fails its check (${e.reason})`;
  if (e instanceof errors.JOSEAlgNotAllowed) return 'its alg is not on the allow-list';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (e instanceof errors.JOSENotSupported) return 'its alg or key type is not supported';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return 'not a well-formed signed JWT';
  return 'it does not verify';
}

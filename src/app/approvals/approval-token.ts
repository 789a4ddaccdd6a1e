import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { ApprovalConfig } from '../../config/approval-settings.js';
import type { Clock } from '../../domain/clock.js';
import { parseDigest, type Digest } from '../../domain/digest.js';
import { ApprovalError } from './approval-error.js';
import { APPROVAL_KEY_ALG, APPROVAL_TOKEN_MAX_LIFETIME_MS, type ApprovalKeys } from './approval-keys.js';

/** The `aud` of every approval token, minted here or by an external IdP. */
export const APPROVAL_AUDIENCE = 'mc-approvals';
/** Clock skew allowed between the minting and the redeeming clock. */
export const APPROVAL_SKEW_SECONDS = 60;
/** A token is a few hundred bytes; anything far larger is not one (attacker-controlled input). */
const MAX_TOKEN_CHARS = 8192;
/** Asymmetric only: HMAC would let anyone holding the public JWKS forge tokens (alg confusion). */
const EXTERNAL_ALGS = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'];

/** What an approval token binds: verified signature, issuer, audience, lifetime and these claims. */
export interface ApprovalClaims {
  issuer: string;
  subject: string;
  digest: Digest;
  env: string;
  nonce: string;
  /** The WebAuthn credential whose assertion the token stands for (required in tokens mc mints). */
  credentialId?: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Mints approval tokens with the installation's key and verifies tokens from it or from the
 * configured external IdP, each failure a typed reason. The remote JWKS is cached by jose and
 * refetched on an unknown `kid`; when it cannot be fetched the token is refused with a 503 for the
 * dependency, never accepted.
 */
export class ApprovalTokens {
  private readonly remote: JWTVerifyGetKey | undefined;

  constructor(
    private readonly keys: ApprovalKeys,
    private readonly config: Pick<ApprovalConfig, 'issuer' | 'external'>,
    private readonly clock: Clock,
    /** The external JWKS fetch: a timeout, and the pause between refetches on an unknown `kid` (tests shorten both). */
    remote: { timeoutMs?: number; cooldownMs?: number } = {},
  ) {
    this.remote = config.external
      ? createRemoteJWKSet(new URL(config.external.jwksUrl), {
          timeoutDuration: remote.timeoutMs ?? 5000,
          cooldownDuration: remote.cooldownMs ?? 30_000,
          cacheMaxAge: 10 * 60_000,
        })
      : undefined;
  }

  async mint(
    c: Omit<ApprovalClaims, 'issuer' | 'issuedAt' | 'expiresAt'>,
    lifetimeMs = APPROVAL_TOKEN_MAX_LIFETIME_MS,
  ) {
    const signer = await this.keys.signer();
    const iat = Math.floor(this.clock().getTime() / 1000);
    const exp = iat + Math.floor(Math.min(lifetimeMs, APPROVAL_TOKEN_MAX_LIFETIME_MS) / 1000);
    const token = await new SignJWT({ digest: c.digest, env: c.env, nonce: c.nonce, cred: c.credentialId })
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
      .setIssuer(this.config.issuer)
      .setSubject(c.subject)
      .setAudience(APPROVAL_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(signer.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<ApprovalClaims> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token))
      throw new ApprovalError(
        'APPROVAL_TOKEN_MALFORMED',
        `an approval token is a compact JWS of at most ${MAX_TOKEN_CHARS} characters`,
      );
    let alg: string | undefined;
    let iss: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
      iss = decodeJwt(token).iss;
    } catch (e) {
      throw new ApprovalError(
        'APPROVAL_TOKEN_MALFORMED',
        `the approval token does not decode: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const local = iss === this.config.issuer;
    const external = this.config.external && iss === this.config.external.issuer;
    if (!local && !external)
      throw new ApprovalError(
        'APPROVAL_TOKEN_ISSUER',
        `approval tokens from issuer ${JSON.stringify(String(iss).slice(0, 200))} are not accepted`,
      );
    const algorithms = local ? [APPROVAL_KEY_ALG] : EXTERNAL_ALGS;
    if (alg === undefined || !algorithms.includes(alg))
      throw new ApprovalError(
        'APPROVAL_TOKEN_SIGNATURE',
        `algorithm ${JSON.stringify(String(alg).slice(0, 32))} is not accepted for ${iss}: ${algorithms.join(', ')} only`,
      );
    const keys = local ? createLocalJWKSet(await this.keys.jwks()) : this.remote!;
    const now = this.clock();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: iss!,
        audience: APPROVAL_AUDIENCE,
        algorithms,
        currentDate: now,
        clockTolerance: APPROVAL_SKEW_SECONDS,
        requiredClaims: ['sub', 'iat', 'exp'],
      }));
    } catch (e) {
      throw tokenError(e);
    }
    return claimsOf(payload, local, now);
  }
}

function claimsOf(p: JWTPayload, local: boolean, now: Date): ApprovalClaims {
  const iat = p.iat!;
  const exp = p.exp!;
  if (iat > now.getTime() / 1000 + APPROVAL_SKEW_SECONDS)
    throw new ApprovalError(
      'APPROVAL_TOKEN_NOT_YET_VALID',
      `the approval token was issued in the future (iat ${iat}), beyond the ${APPROVAL_SKEW_SECONDS} s skew allowed`,
    );
  if (exp - iat > APPROVAL_TOKEN_MAX_LIFETIME_MS / 1000 || exp <= iat)
    throw new ApprovalError(
      'APPROVAL_TOKEN_LIFETIME',
      `an approval token lives at most 30 minutes (exp − iat = ${exp - iat} s)`,
    );
  const str = (name: string, max: number): string => {
    const v = p[name];
    if (typeof v !== 'string' || v.length === 0 || v.length > max)
      throw new ApprovalError(
        'APPROVAL_TOKEN_CLAIMS',
        `the approval token lacks the binding claim "${name}" (a string of at most ${max} characters)`,
      );
    return v;
  };
  let digest: Digest;
  try {
    digest = parseDigest(str('digest', 71), 'digest');
  } catch (e) {
    throw new ApprovalError('APPROVAL_TOKEN_CLAIMS', `the approval token's digest claim is not sha256:<64 hex>`, {
      cause: e,
    });
  }
  const cred = local ? str('cred', 1024) : typeof p.cred === 'string' ? p.cred : undefined;
  return {
    issuer: p.iss!,
    subject: str('sub', 256),
    digest,
    env: str('env', 128),
    nonce: str('nonce', 256),
    ...(cred ? { credentialId: cred } : {}),
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
  };
}

function tokenError(e: unknown): ApprovalError {
  if (e instanceof ApprovalError) return e;
  const m = (e as Error).message;
  if (e instanceof errors.JWTExpired)
    return new ApprovalError('APPROVAL_TOKEN_EXPIRED', `the approval token has expired: ${m}`);
  if (e instanceof errors.JWKSTimeout || isFetchFailure(e))
    return new ApprovalError('APPROVAL_JWKS_UNAVAILABLE', `the external issuer's JWKS cannot be fetched: ${m}`, {
      cause: e,
    });
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf' || e.claim === 'iat')
      return new ApprovalError('APPROVAL_TOKEN_NOT_YET_VALID', `the approval token is not valid yet: ${m}`);
    if (e.claim === 'iss') return new ApprovalError('APPROVAL_TOKEN_ISSUER', m);
    return new ApprovalError('APPROVAL_TOKEN_CLAIMS', `the approval token's ${e.claim} claim is wrong: ${m}`);
  }
  if (e instanceof errors.JWKSInvalid)
    return new ApprovalError('APPROVAL_JWKS_UNAVAILABLE', `the external issuer's JWKS is not a key set: ${m}`, {
      cause: e,
    });
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid)
    return new ApprovalError('APPROVAL_TOKEN_MALFORMED', `the approval token is malformed: ${m}`);
  return new ApprovalError('APPROVAL_TOKEN_SIGNATURE', `the approval token's signature does not verify: ${m}`, {
    cause: e,
  });
}

/**
 * A JWKS fetch that failed: on the network (fetch's TypeError), with a non-2xx answer or a body
 * that is not JSON (jose's generic JOSEError, whose class says nothing more precise).
 */
function isFetchFailure(e: unknown): boolean {
  if (e instanceof errors.JOSEError) return e.constructor === errors.JOSEError;
  return e instanceof TypeError;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthError } from './auth.js';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;
/** `${MC_FLAGGER_TOKEN}` left unexpanded in a Canary (envsubst not run): said as such, never compared. */
const PLACEHOLDER = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;

/** Who called a Flagger hook: an admin token (MC_API_TOKENS) or a Flagger token (MC_FLAGGER_TOKENS). */
export interface FlaggerPrincipal {
  /** `token:<first 8 hex of the token's sha256>`, as every token principal is labelled. */
  label: string;
  /** `flagger` opens the Flagger hooks only; `admin` is an MC_API_TOKENS token. */
  role: 'admin' | 'flagger';
}

/**
 * Flagger cannot send headers: its webhook request carries only the JSON payload, whose `metadata`
 * is copied from the Canary spec. So a hook's token travels as `metadata.token`; the usual
 * `Authorization: Bearer` header works as well (curl, tests). Tokens are compared as SHA-256
 * digests with timingSafeEqual, so neither length nor content leaks through timing.
 *
 * A Canary spec is readable by whoever can read Canaries, so the token there should be a Flagger
 * token (MC_FLAGGER_TOKENS): it opens /v1/flagger/* and nothing else.
 */
export class FlaggerAuthenticator {
  private readonly admin: Buffer[];
  private readonly flagger: Buffer[];

  constructor(apiTokens: readonly string[], flaggerTokens: readonly string[]) {
    this.admin = apiTokens.map(sha256);
    this.flagger = flaggerTokens.map(sha256);
  }

  /** The header wins when present (a wrong header is not rescued by a metadata token). */
  authenticate(authorization: string | undefined, metadataToken: string | undefined): FlaggerPrincipal {
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      if (token === undefined)
        throw new AuthError(
          'TOKEN_MISSING',
          'the Authorization header must be "Bearer <token>"',
          {},
          'unauthenticated',
        );
      return this.check(token);
    }
    if (metadataToken === undefined || metadataToken === '')
      throw new AuthError(
        'TOKEN_MISSING',
        'no token: Flagger sends none in headers, so put it in the webhook metadata as "token" (a MC_FLAGGER_TOKENS value)',
        {},
        'unauthenticated',
      );
    if (PLACEHOLDER.test(metadataToken))
      throw new AuthError(
        'TOKEN_REJECTED',
        `metadata.token is still the placeholder ${metadataToken.slice(0, 64)}: substitute the token when deploying the Canary`,
        {},
        'forbidden',
      );
    return this.check(metadataToken);
  }

  private check(token: string): FlaggerPrincipal {
    if (this.admin.length === 0 && this.flagger.length === 0)
      throw new AuthError(
        'NO_TOKENS_CONFIGURED',
        'the Flagger hooks are disabled: set MC_FLAGGER_TOKENS (or MC_API_TOKENS)',
        {},
        'forbidden',
      );
    const given = sha256(token);
    // Every digest of both lists is compared: the time taken does not say which list matched.
    let admin = false;
    let flagger = false;
    for (const d of this.admin) admin = timingSafeEqual(d, given) || admin;
    for (const d of this.flagger) flagger = timingSafeEqual(d, given) || flagger;
    if (!admin && !flagger) throw new AuthError('TOKEN_REJECTED', 'the token is not accepted', {}, 'forbidden');
    return { label: `token:${given.toString('hex').slice(0, 8)}`, role: admin ? 'admin' : 'flagger' };
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

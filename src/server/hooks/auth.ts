import { createHash, timingSafeEqual } from 'node:crypto';
import { BaseError } from '../../domain/errors.js';

export class AuthError extends BaseError<'TOKEN_MISSING' | 'TOKEN_REJECTED' | 'NO_TOKENS_CONFIGURED'> {}

/**
 * Bearer tokens for mutating endpoints. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither the length nor the content leaks through timing.
 */
export class TokenAuthenticator {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map((t) => sha256(t));
  }

  /** Throws AuthError (401 missing, 403 rejected or none configured); returns a token label. */
  check(authorization: string | undefined): string {
    if (this.digests.length === 0) {
      throw new AuthError(
        'NO_TOKENS_CONFIGURED',
        'mutating endpoints are disabled: set MC_API_TOKENS or MC_API_TOKENS_FILE',
        {},
        'forbidden',
      );
    }
    const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '');
    if (!m)
      throw new AuthError('TOKEN_MISSING', 'missing "Authorization: Bearer <token>" header', {}, 'unauthenticated');
    const given = sha256(m[1]!);
    let ok = false;
    for (const d of this.digests) ok = timingSafeEqual(d, given) || ok;
    if (!ok) throw new AuthError('TOKEN_REJECTED', 'the bearer token is not accepted', {}, 'forbidden');
    return `token:${given.toString('hex').slice(0, 8)}`;
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

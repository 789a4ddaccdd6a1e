import type { Principal } from '../../domain/principal.js';
import { IdentityError } from './identity-error.js';
import type { OidcVerifier } from './oidc-verifier.js';
import type { StaticTokens } from './static-tokens.js';

/** A bearer credential is at most this long: a JWT with many claims fits; anything longer is refused unread. */
export const MAX_CREDENTIAL_CHARS = 8192;
const BEARER = /^Bearer ([\x21-\x7e]+)$/;
/** A compact JWS: three base64url parts (the third empty for `alg: none`, which then fails verification). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Who is calling, from `Authorization: Bearer <credential>`: a static token (MC_API_TOKENS, the
 * labelled tokens file, Flagger and admission tokens) or a JWT of the configured OIDC issuer.
 * Missing or invalid credentials are 401; the JWKS not answering is 503.
 */
export class Authenticator {
  constructor(
    private readonly tokens: StaticTokens,
    private readonly oidc?: OidcVerifier,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization === '')
      throw new IdentityError('TOKEN_MISSING', 'missing "Authorization: Bearer <token>" header');
    if (authorization.length > MAX_CREDENTIAL_CHARS + 7)
      throw new IdentityError('TOKEN_MALFORMED', `the bearer credential is over ${MAX_CREDENTIAL_CHARS} characters`);
    const credential = BEARER.exec(authorization)?.[1];
    if (credential === undefined)
      throw new IdentityError('TOKEN_MALFORMED', 'the Authorization header must be "Bearer <token>" (printable ASCII)');
    const known = this.tokens.find(credential);
    if (known) return known;
    if (this.oidc && COMPACT_JWS.test(credential)) return this.oidc.verify(credential);
    throw new IdentityError('TOKEN_REJECTED', 'the bearer token is not accepted');
  }
}

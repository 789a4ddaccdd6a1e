import { BaseError, type ErrorOptions } from '../../domain/errors.js';

export type IdentityErrorCode =
  | 'TOKEN_MISSING' // no Authorization header, or not `Bearer <credential>` → 401
  | 'TOKEN_REJECTED' // a static token nobody issued → 401 (403 in the mode without access.yaml, as before)
  | 'TOKEN_MALFORMED' // over the size limit, not a compact JWS → 401
  | 'JWT_INVALID' // signature, algorithm, issuer, audience, expiry, skew … → 401
  | 'IDENTITY_PROVIDER_UNAVAILABLE' // the JWKS does not answer: 503, never an allow
  | 'TOKENS_FILE_INVALID';

export class IdentityError extends BaseError<IdentityErrorCode> {
  constructor(code: IdentityErrorCode, message: string, options: ErrorOptions = {}) {
    super(
      code,
      message,
      options,
      code === 'IDENTITY_PROVIDER_UNAVAILABLE'
        ? 'unavailable'
        : code === 'TOKENS_FILE_INVALID'
          ? 'invalid'
          : 'unauthenticated',
    );
  }
}

import { BaseError, type ErrorOptions } from '../../domain/errors.js';

/** Why an approval, exception, bypass or step-up was refused: one code per reason a person can act on. */
export type ApprovalErrorCode =
  | 'APPROVAL_REQUEST_INVALID'
  | 'WEBAUTHN_CHALLENGE_UNKNOWN'
  | 'WEBAUTHN_CREDENTIAL_UNKNOWN'
  | 'WEBAUTHN_VERIFICATION_FAILED'
  | 'WEBAUTHN_USER_NOT_VERIFIED'
  | 'WEBAUTHN_COUNTER_REPLAYED'
  | 'WEBAUTHN_ORIGIN_REJECTED'
  | 'APPROVAL_TOKEN_MALFORMED'
  | 'APPROVAL_TOKEN_SIGNATURE'
  | 'APPROVAL_TOKEN_EXPIRED'
  | 'APPROVAL_TOKEN_NOT_YET_VALID'
  | 'APPROVAL_TOKEN_LIFETIME'
  | 'APPROVAL_TOKEN_ISSUER'
  | 'APPROVAL_TOKEN_CLAIMS'
  | 'APPROVAL_BINDING_MISMATCH'
  | 'APPROVAL_REPLAYED'
  | 'APPROVAL_JWKS_UNAVAILABLE'
  | 'EXCEPTION_INVALID'
  | 'EXCEPTION_NOT_FOUND'
  | 'BYPASS_INVALID'
  | 'BYPASS_NOT_FOUND'
  | 'BYPASS_NOT_PENDING'
  | 'BYPASS_ROLE_TAKEN'
  | 'BYPASS_DUPLICATE_APPROVER'
  | 'BYPASS_ROLE_MISSING'
  | 'STEP_UP_REQUIRED';

const KIND: Partial<Record<ApprovalErrorCode, ErrorOptions['kind']>> = {
  WEBAUTHN_CHALLENGE_UNKNOWN: 'verification',
  WEBAUTHN_CREDENTIAL_UNKNOWN: 'verification',
  WEBAUTHN_VERIFICATION_FAILED: 'verification',
  WEBAUTHN_USER_NOT_VERIFIED: 'verification',
  WEBAUTHN_COUNTER_REPLAYED: 'verification',
  WEBAUTHN_ORIGIN_REJECTED: 'forbidden',
  APPROVAL_TOKEN_MALFORMED: 'malformed',
  APPROVAL_TOKEN_SIGNATURE: 'verification',
  APPROVAL_TOKEN_EXPIRED: 'verification',
  APPROVAL_TOKEN_NOT_YET_VALID: 'verification',
  APPROVAL_TOKEN_LIFETIME: 'verification',
  APPROVAL_TOKEN_ISSUER: 'verification',
  APPROVAL_TOKEN_CLAIMS: 'verification',
  APPROVAL_BINDING_MISMATCH: 'verification',
  APPROVAL_REPLAYED: 'conflict',
  APPROVAL_JWKS_UNAVAILABLE: 'unavailable',
  EXCEPTION_NOT_FOUND: 'not-found',
  BYPASS_NOT_FOUND: 'not-found',
  BYPASS_NOT_PENDING: 'conflict',
  BYPASS_ROLE_TAKEN: 'conflict',
  BYPASS_DUPLICATE_APPROVER: 'conflict',
  BYPASS_ROLE_MISSING: 'forbidden',
  STEP_UP_REQUIRED: 'forbidden',
};

export class ApprovalError extends BaseError<ApprovalErrorCode> {
  constructor(code: ApprovalErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { kind: KIND[code] ?? 'invalid', ...options });
  }
}

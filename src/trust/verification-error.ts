import { BaseError, type ErrorKind, type ErrorOptions } from '../domain/errors.js';

/**
 * Why a signature, attestation or trust input was rejected. Stable codes: gates, the CLI and the
 * HTTP layer key off them, never off message text.
 */
export type VerificationErrorCode =
  // the input document itself
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_UNSUPPORTED_VERSION'
  | 'BUNDLE_TOO_LARGE'
  | 'ENVELOPE_MALFORMED'
  // trust material
  | 'TRUSTED_ROOT_MALFORMED'
  | 'ROOT_NOT_PINNED'
  | 'KEY_MALFORMED'
  | 'KEY_NOT_PINNED'
  | 'KEY_EXPIRED'
  // cryptography and certificates
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_THRESHOLD_NOT_MET'
  | 'CERTIFICATE_INVALID'
  | 'CERTIFICATE_IDENTITY_MISMATCH'
  | 'ISSUER_MISMATCH'
  | 'SCT_INVALID'
  // transparency log
  | 'TLOG_ENTRY_MISMATCH'
  | 'TLOG_INCLUSION_PROOF_INVALID'
  | 'TLOG_INCLUSION_PROMISE_INVALID'
  | 'TLOG_INCLUSION_MISSING'
  | 'TLOG_THRESHOLD_NOT_MET'
  // timestamps
  | 'TIMESTAMP_INVALID'
  | 'TIMESTAMP_THRESHOLD_NOT_MET'
  // what was signed
  | 'EVIDENCE_KIND_MISMATCH'
  | 'ARTIFACT_MISMATCH'
  | 'ARTIFACT_BYTES_REQUIRED'
  | 'STATEMENT_MALFORMED'
  | 'PAYLOAD_TYPE_UNEXPECTED'
  | 'SUBJECT_MISMATCH'
  | 'PREDICATE_TYPE_UNEXPECTED';

/** Codes that describe the input document rather than a failed check (still exit 1 in `mc trust verify`). */
const INPUT_CODES: ReadonlySet<VerificationErrorCode> = new Set([
  'BUNDLE_MALFORMED',
  'ENVELOPE_MALFORMED',
  'STATEMENT_MALFORMED',
  'TRUSTED_ROOT_MALFORMED',
  'KEY_MALFORMED',
]);

function kindOf(code: VerificationErrorCode): ErrorKind {
  if (code === 'BUNDLE_TOO_LARGE') return 'too-large';
  if (code === 'BUNDLE_UNSUPPORTED_VERSION') return 'unsupported';
  if (INPUT_CODES.has(code)) return 'malformed';
  return 'verification';
}

export class VerificationError extends BaseError<VerificationErrorCode> {
  constructor(code: VerificationErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { kind: kindOf(code), ...options }, 'verification');
  }
}

export function isVerificationError(e: unknown): e is VerificationError {
  return e instanceof VerificationError;
}

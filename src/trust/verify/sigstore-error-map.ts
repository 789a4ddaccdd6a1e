import { VerificationError, type VerificationErrorCode } from '../verification-error.js';

/**
 * Translates an error thrown by sigstore-js (@sigstore/verify 3.x, @sigstore/bundle, @sigstore/core)
 * into our VerificationError. sigstore-js codes are coarse (CERTIFICATE_ERROR covers both chain and
 * SCT failures), so the message refines a few of them; unknown errors are treated as malformed input,
 * because sigstore-js throws plain errors only while decoding attacker-controlled bytes.
 */
const CODE_MAP: Record<string, VerificationErrorCode> = {
  TLOG_ERROR: 'TLOG_THRESHOLD_NOT_MET',
  TLOG_INCLUSION_PROOF_ERROR: 'TLOG_INCLUSION_PROOF_INVALID',
  TLOG_INCLUSION_PROMISE_ERROR: 'TLOG_INCLUSION_PROMISE_INVALID',
  TLOG_MISSING_INCLUSION_ERROR: 'TLOG_INCLUSION_MISSING',
  TLOG_BODY_ERROR: 'TLOG_ENTRY_MISMATCH',
  CERTIFICATE_ERROR: 'CERTIFICATE_INVALID',
  PUBLIC_KEY_ERROR: 'KEY_NOT_PINNED',
  SIGNATURE_ERROR: 'SIGNATURE_INVALID',
  TIMESTAMP_ERROR: 'TIMESTAMP_INVALID',
  UNTRUSTED_SIGNER_ERROR: 'CERTIFICATE_IDENTITY_MISMATCH',
  NOT_IMPLEMENTED_ERROR: 'BUNDLE_UNSUPPORTED_VERSION',
};

export function fromSigstoreError(e: unknown, context: string): VerificationError {
  if (e instanceof VerificationError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  const message = err.message;
  let mapped: VerificationErrorCode =
    typeof code === 'string' ? (CODE_MAP[code] ?? 'BUNDLE_MALFORMED') : 'BUNDLE_MALFORMED';
  if (code === 'CERTIFICATE_ERROR' && /SCT/.test(message)) mapped = 'SCT_INVALID';
  if (code === 'TIMESTAMP_ERROR' && /expected \d+ timestamps/.test(message)) mapped = 'TIMESTAMP_THRESHOLD_NOT_MET';
  if (code === 'PUBLIC_KEY_ERROR' && /not valid for timestamp/.test(message)) mapped = 'KEY_EXPIRED';
  if (err.name === 'ValidationError') mapped = 'BUNDLE_MALFORMED';
  return new VerificationError(mapped, `${context}: ${message}`, { cause: e });
}

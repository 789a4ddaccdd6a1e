import { BaseError, type ErrorKind } from '../domain/errors.js';

/**
 * Everything that goes wrong talking to an OCI registry or reading what it serves. Every message
 * names the reference (registry/repository and tag or digest) it concerns; the registry's answer
 * is attacker-controlled and is quoted only in short, escaped excerpts.
 */
export type RegistryErrorCode =
  | 'REFERENCE_INVALID'
  | 'INSECURE_NOT_LOOPBACK'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNSUPPORTED'
  | 'MANIFEST_TOO_LARGE'
  | 'MANIFEST_DIGEST_MISMATCH'
  | 'INDEX_SELF_REFERENCE'
  | 'BLOB_DIGEST_MISMATCH'
  | 'BLOB_TOO_LARGE'
  | 'RESPONSE_TOO_LARGE'
  | 'RESPONSE_NOT_JSON'
  | 'REFERRERS_TAG_MISSING_MANIFEST'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'AUTH_CHALLENGE_INVALID'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'REDIRECT_INVALID'
  | 'RATE_LIMITED'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_PROTOCOL'
  | 'UPLOAD_FAILED';

const DEFAULT_KIND: Record<RegistryErrorCode, ErrorKind> = {
  REFERENCE_INVALID: 'malformed',
  INSECURE_NOT_LOOPBACK: 'invalid',
  MANIFEST_INVALID: 'invalid',
  MANIFEST_UNSUPPORTED: 'unsupported',
  MANIFEST_TOO_LARGE: 'too-large',
  MANIFEST_DIGEST_MISMATCH: 'verification',
  INDEX_SELF_REFERENCE: 'invalid',
  BLOB_DIGEST_MISMATCH: 'verification',
  BLOB_TOO_LARGE: 'too-large',
  RESPONSE_TOO_LARGE: 'too-large',
  RESPONSE_NOT_JSON: 'invalid',
  REFERRERS_TAG_MISSING_MANIFEST: 'invalid',
  NOT_FOUND: 'not-found',
  UNAUTHORIZED: 'unauthenticated',
  DENIED: 'forbidden',
  AUTH_CHALLENGE_INVALID: 'invalid',
  CREDENTIALS_UNAVAILABLE: 'unauthenticated',
  REDIRECT_INVALID: 'invalid',
  RATE_LIMITED: 'unavailable',
  REGISTRY_UNAVAILABLE: 'unavailable',
  REGISTRY_PROTOCOL: 'invalid',
  UPLOAD_FAILED: 'unavailable',
};

export class RegistryError extends BaseError<RegistryErrorCode> {
  constructor(code: RegistryErrorCode, message: string, options: { cause?: unknown; kind?: ErrorKind } = {}) {
    super(code, message, { ...options, kind: options.kind ?? DEFAULT_KIND[code] });
  }
}

/** A short, printable excerpt of attacker-controlled text for an error message. */
export function excerpt(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

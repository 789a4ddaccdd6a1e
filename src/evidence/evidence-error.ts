import { BaseError, type ErrorKind, type ErrorOptions } from '../domain/errors.js';

/**
 * Every way a piece of evidence can be refused. The `kind` (malformed | invalid | unsupported |
 * too-large) is what the CLI and the server map to exit codes and statuses; the code says which rule.
 */
export type EvidenceErrorCode =
  | 'MALFORMED_JSON' // not JSON at all, or truncated
  | 'MALFORMED_ENCODING' // not UTF-8, or a payload that is not base64
  | 'TOO_LARGE' // over the byte limit for its kind
  | 'TOO_DEEP' // nested past what can be walked safely
  | 'UNKNOWN_FORMAT' // detection found no format we take
  | 'UNSUPPORTED_SPEC_VERSION' // a known format in a version we do not take
  | 'UNSUPPORTED_PREDICATE' // an in-toto predicate type we do not normalise
  | 'SCHEMA_VIOLATION' // fails the format's JSON schema
  | 'WRONG_FORMAT' // bomFormat / spdxVersion / _type / payloadType is not what it must be
  | 'DUPLICATE_REF' // a bom-ref or SPDXID given twice
  | 'DANGLING_REF' // a dependency edge naming no component
  | 'INVALID_PURL' // a purl that does not parse
  | 'NO_SUBJECT' // an in-toto statement with no subject
  | 'INVALID_DIGEST'; // a digest value that is not lowercase hex of the right length

const DEFAULT_KIND: Record<EvidenceErrorCode, ErrorKind> = {
  MALFORMED_JSON: 'malformed',
  MALFORMED_ENCODING: 'malformed',
  TOO_LARGE: 'too-large',
  TOO_DEEP: 'too-large',
  UNKNOWN_FORMAT: 'unsupported',
  UNSUPPORTED_SPEC_VERSION: 'unsupported',
  UNSUPPORTED_PREDICATE: 'unsupported',
  SCHEMA_VIOLATION: 'invalid',
  WRONG_FORMAT: 'invalid',
  DUPLICATE_REF: 'invalid',
  DANGLING_REF: 'invalid',
  INVALID_PURL: 'invalid',
  NO_SUBJECT: 'invalid',
  INVALID_DIGEST: 'invalid',
};

export class EvidenceError extends BaseError<EvidenceErrorCode> {
  constructor(code: EvidenceErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { ...options, kind: options.kind ?? DEFAULT_KIND[code] });
  }
}

/** The same error with `prefix` put before its path: used when a nested document (a DSSE payload, a line of JSON Lines) was at fault. */
export function withPathPrefix(e: unknown, prefix: string): unknown {
  if (!(e instanceof EvidenceError) || prefix === '') return e;
  const path = `${prefix}${e.path === '/' || e.path === undefined ? '' : e.path}`;
  return new EvidenceError(e.code, e.message, { kind: e.kind, path, cause: e.cause });
}

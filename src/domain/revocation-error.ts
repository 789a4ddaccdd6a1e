import { BaseError, type ErrorKind, type ErrorOptions } from './errors.js';

export type RevocationErrorCode =
  | 'ARTIFACT_UNKNOWN' // revoke/reinstate/lineage of a digest the store has never seen
  | 'REASON_MISSING' // a revoke or reinstate without a reason: every state change says why
  | 'REVOCATION_INVALID' // a request that does not have the documented shape (path says where)
  | 'LINEAGE_CYCLE' // a parent link that would make the lineage graph a loop
  | 'REVOKED_BY_ANCESTOR'; // reinstating a digest whose revocation comes from an ancestor

const KIND: Record<RevocationErrorCode, ErrorKind> = {
  ARTIFACT_UNKNOWN: 'not-found',
  REASON_MISSING: 'malformed',
  REVOCATION_INVALID: 'malformed',
  LINEAGE_CYCLE: 'invalid',
  REVOKED_BY_ANCESTOR: 'invalid',
};

/** Revocation and lineage refusals; every kind is bad input (exit 2), never a deny. */
export class RevocationError extends BaseError<RevocationErrorCode> {
  constructor(code: RevocationErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, { ...options, kind: options.kind ?? KIND[code] });
  }
}

import { BaseError, type ErrorKind, type ErrorOptions } from '../domain/errors.js';

/**
 * Every way a ledger operation can fail: Merkle proofs (RFC 6962 §2.1), signed notes
 * (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint), entries and evidence packs.
 */
export type LedgerErrorCode =
  // Merkle math
  | 'HASH_LENGTH' // a hash is not exactly 32 bytes
  | 'TREE_SIZE' // a size is not a safe non-negative integer, or 0 < size1 <= size2 does not hold
  | 'INDEX_OUT_OF_RANGE' // leaf index >= tree size
  | 'PROOF_LENGTH' // proof has more or fewer hashes than the sizes imply
  | 'ROOT_MISMATCH' // the proof does not lead to the given root
  | 'PROOF_JSON_INVALID' // proof JSON does not have the documented shape
  | 'NODE_MISSING' // the subtree store lacks a node it should hold
  | 'LOG_CORRUPT' // stored entries and node hashes disagree (tampering or damage)
  // signed notes and keys
  | 'NOTE_MALFORMED'
  | 'NOTE_TOO_LARGE'
  | 'KEY_MALFORMED' // vkey / skey syntax, length, algorithm
  | 'KEY_ID_MISMATCH' // key id does not match SHA-256(name||\n||type||key)[:4]
  | 'KEY_AMBIGUOUS' // two known keys share name and id
  | 'SIGNATURE_INVALID' // a signature from a known key does not verify
  | 'NO_VERIFIED_SIGNATURE' // no signature from a known key
  // checkpoints
  | 'CHECKPOINT_MALFORMED'
  | 'ORIGIN_MISMATCH'
  | 'CHECKPOINT_NONE' // no checkpoint signed yet, or the entry is past the latest one
  | 'KEY_FILE' // the note key file is missing, unreadable or too open
  // entries
  | 'ENTRY_INVALID'
  | 'ENTRY_NOT_CANONICAL'
  | 'SECRET_LIKE_VALUE';

const DEFAULT_KIND: Record<LedgerErrorCode, ErrorKind> = {
  HASH_LENGTH: 'malformed',
  TREE_SIZE: 'invalid',
  INDEX_OUT_OF_RANGE: 'invalid',
  PROOF_LENGTH: 'verification',
  ROOT_MISMATCH: 'verification',
  PROOF_JSON_INVALID: 'malformed',
  NODE_MISSING: 'internal',
  LOG_CORRUPT: 'verification',
  NOTE_MALFORMED: 'malformed',
  NOTE_TOO_LARGE: 'too-large',
  KEY_MALFORMED: 'malformed',
  KEY_ID_MISMATCH: 'invalid',
  KEY_AMBIGUOUS: 'invalid',
  SIGNATURE_INVALID: 'verification',
  NO_VERIFIED_SIGNATURE: 'verification',
  CHECKPOINT_MALFORMED: 'malformed',
  ORIGIN_MISMATCH: 'verification',
  CHECKPOINT_NONE: 'not-found',
  KEY_FILE: 'invalid',
  ENTRY_INVALID: 'invalid',
  ENTRY_NOT_CANONICAL: 'invalid',
  SECRET_LIKE_VALUE: 'invalid',
};

export class LedgerError extends BaseError<LedgerErrorCode> {
  constructor(code: LedgerErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, options, DEFAULT_KIND[code]);
  }
}

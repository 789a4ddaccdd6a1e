import type { Digest } from '../domain/digest.js';
import type { Decision } from '../domain/decision.js';
import type { EvidenceKind } from '../domain/evidence.js';
import { canonicalJsonBytes, parseCanonicalJson } from './canonical-json.js';
import { LedgerError } from './ledger-error.js';
import { validateLedgerEntry } from './ledger-entry-schema.js';
import { leafHash } from './merkle.js';
import { findSecretLike } from './secret-like.js';

/**
 * What the ledger records: one entry per state change, stored as RFC 8785 canonical JSON,
 * leaf hash = RFC 6962 leafHash(entry bytes). `v` versions the entry shape.
 */
export type LedgerEntryType =
  | 'decision'
  | 'ingest'
  | 'revocation'
  | 'waiver'
  | 'bypass'
  | 'approval'
  | 'exception'
  | 'drift'
  | 'rotation'
  | 'access';

export interface IngestPayload {
  artifact: Digest;
  kind: EvidenceKind;
  sha256: Digest;
  format: string;
}
export interface RevocationPayload {
  digest: Digest;
  action: 'revoke' | 'reinstate';
  /** The cause of the revocation that began or ended. */
  reason: 'cve' | 'drift' | 'manual' | 'lineage' | 'backfill';
  detail?: string;
  /** For lineage revocations: the ancestor whose revocation propagated here. */
  propagatedFrom?: Digest;
  /** Absent: every environment. */
  env?: string;
  /** From the revoked ancestor down to `digest`. */
  chain?: Digest[];
  advisory?: string;
}
export interface WaiverPayload {
  action: 'create' | 'revoke' | 'expire';
  id: string;
  selector: { digest?: Digest; advisoryId?: string; purl?: string };
  owner: string;
  reason: string;
  expiresAt: string;
}
/** request → approve (one per role) → open (the quorum is complete) → revert (expired) or close (ended early). */
export interface BypassPayload {
  action: 'request' | 'approve' | 'open' | 'close' | 'revert';
  id: string;
  digest: Digest;
  env: string;
  incident: string;
  approvers: Array<{ subject: string; role: 'security' | 'release' | 'owner' }>;
  expiresAt: string;
  reason?: string;
  /** The gates the bypass covers once open. */
  gates?: string[];
}
export interface ApprovalPayload {
  digest: Digest;
  env: string;
  subject: string;
  issuer: string;
  expiresAt: string;
  nonceHash: string;
  /** The WebAuthn credential whose assertion the approval token is bound to. */
  credentialId?: string;
}
/** An approvals-gate exception for a service in one environment (TTL at most 24 h). */
export interface ExceptionPayload {
  action: 'add' | 'remove' | 'expire';
  id: string;
  service: string;
  env: string;
  owner: string;
  reason: string;
  expiresAt: string;
}
export interface DriftPayload {
  env: string;
  workload: string;
  expected: Digest;
  observed: Digest;
  action: string;
}
/** Who rotated which secrets: item NAMES only, never values (values are refused). */
export interface RotationPayload {
  subject: string;
  items: string[];
  rotatedAt: string;
}

/** A write action refused to an authenticated principal (who is the entry's actor). */
export interface AccessPayload {
  action: string;
  outcome: 'deny';
  /** ACCESS_DENIED, ACCESS_SCOPE_REQUIRED or STEP_UP_REQUIRED. */
  code: string;
  /** The deny rule that decided; absent when no rule allowed it (deny by default). */
  rule?: string;
  env?: string;
  digest?: Digest;
  /** The route asked (`POST /v1/waivers`). */
  route?: string;
}

export interface PayloadByType {
  decision: Decision;
  ingest: IngestPayload;
  revocation: RevocationPayload;
  waiver: WaiverPayload;
  bypass: BypassPayload;
  approval: ApprovalPayload;
  exception: ExceptionPayload;
  drift: DriftPayload;
  rotation: RotationPayload;
  access: AccessPayload;
}

export type LedgerEntry = {
  [T in LedgerEntryType]: { v: 1; type: T; at: string; actor: string; payload: PayloadByType[T] };
}[LedgerEntryType];

export interface EncodedEntry {
  readonly entry: LedgerEntry;
  readonly bytes: Uint8Array;
  readonly leafHash: Uint8Array;
}

function check(value: unknown): LedgerEntry {
  const failure = validateLedgerEntry(value);
  if (failure !== undefined)
    throw new LedgerError('ENTRY_INVALID', `ledger entry: ${failure.message}`, { path: failure.path });
  const entry = value as LedgerEntry;
  if (entry.type === 'rotation') {
    // The actor comes from the same attacker-supplied body as the items (it defaults to the subject).
    const hit = findSecretLike(entry.actor, '/actor') ?? findSecretLike(entry.payload);
    if (hit !== undefined) {
      throw new LedgerError(
        'SECRET_LIKE_VALUE',
        `rotation attestations carry secret names, not values; ${hit} looks like a secret`,
        { path: hit },
      );
    }
  }
  return entry;
}

/** Validates an entry and returns its canonical bytes and leaf hash (what the store appends). */
export function encodeLedgerEntry(entry: LedgerEntry): EncodedEntry {
  const checked = check(entry);
  const bytes = canonicalJsonBytes(checked);
  return { entry: checked, bytes, leafHash: leafHash(bytes) };
}

/** Decodes stored or packed entry bytes (attacker-controlled): canonical JSON, then the schema. */
export function decodeLedgerEntry(bytes: Uint8Array): EncodedEntry {
  return { entry: check(parseCanonicalJson(bytes)), bytes, leafHash: leafHash(bytes) };
}

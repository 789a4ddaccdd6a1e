import type { LedgerEntry } from './ledger-entry.js';
import type { AppendResult, ConsistencyProofResult, InclusionProofResult, StoredCheckpoint } from './ledger-log.js';

/**
 * The RFC 6962 log as the ledger use cases see it (app/ledger-service.ts, evidence packs);
 * implemented over the query layer by store/ledger-store.ts for both engines.
 */
export interface LedgerRepository {
  /** Appends in one transaction; the entries' indexes are dense and 0-based. */
  append(entries: readonly LedgerEntry[]): Promise<AppendResult>;
  size(): Promise<number>;
  /** Every entry about a subject (an artifact digest), up to a tree size, with its index. */
  entriesFor(
    subject: string,
    treeSize?: number,
    pageSize?: number,
  ): Promise<Array<{ idx: number; kind: string; bytes: Uint8Array }>>;
  root(size?: number): Promise<{ size: number; root: Uint8Array }>;
  inclusionProof(index: number, size?: number): Promise<InclusionProofResult>;
  inclusionProofs(indexes: readonly number[], size?: number): Promise<InclusionProofResult[]>;
  consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProofResult>;
  /** Recomputes every leaf and stored node from the entry bytes; throws LOG_CORRUPT naming the first bad one. */
  verifyAll(pageSize?: number): Promise<{ size: number; root: Uint8Array }>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** False when a checkpoint of that size was already stored. */
  saveCheckpoint(cp: StoredCheckpoint): Promise<boolean>;
}

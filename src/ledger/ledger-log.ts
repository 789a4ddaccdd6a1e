/**
 * The port a durable ledger implements (SQLite here; the store owner ports it to Kysely over
 * SQLite/PostgreSQL). Sizes are leaf counts; proofs follow the proof JSON of issue 6.
 */
export interface AppendResult {
  /** Index of the first appended entry (0-based). */
  readonly firstIndex: number;
  /** Tree size after the append. */
  readonly size: number;
  readonly root: Uint8Array;
}

export interface InclusionProofResult {
  readonly leafIdx: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

export interface ConsistencyProofResult {
  readonly fromSize: number;
  readonly toSize: number;
  readonly proof: readonly Uint8Array[];
  readonly fromRoot: Uint8Array;
  readonly toRoot: Uint8Array;
}

export interface LedgerLog {
  size(): number;
  /** Appends canonical entry bytes (see ledger-entry.ts) atomically with their node hashes. */
  append(entries: readonly Uint8Array[]): AppendResult;
  entry(index: number): Uint8Array;
  root(size?: number): Uint8Array;
  inclusionProof(index: number, size?: number): InclusionProofResult;
  consistencyProof(fromSize: number, toSize?: number): ConsistencyProofResult;
  /** Recomputes every leaf hash from the stored bytes and every stored node; throws LOG_CORRUPT. */
  verifyAll(): { size: number; root: Uint8Array };
}

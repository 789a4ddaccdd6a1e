/**
 * What the ledger's operations return (LedgerStore over SQLite/PostgreSQL). Sizes are leaf
 * counts; proofs follow the proof JSON of proof-json.ts.
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

/** A signed checkpoint as stored: the C2SP note and the key that signed it. */
export interface StoredCheckpoint {
  size: number;
  keyId: string;
  note: string;
  createdAt: string;
}

import { openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint } from '../ledger/checkpoint.js';
import { parseNote } from '../ledger/signed-note.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import { LedgerError } from '../ledger/ledger-error.js';
import type { AppendResult, ConsistencyProofResult, InclusionProofResult } from '../ledger/ledger-log.js';
import { verifyConsistency } from '../ledger/merkle-verify.js';
import type { NoteSigner, NoteVerifier } from '../ledger/note-key.js';
import type { Clock } from '../domain/clock.js';
import type { ReleaseRepository } from '../domain/ports.js';
import type { StoredCheckpoint } from '../ledger/ledger-log.js';
import type { LedgerRepository } from '../ledger/ledger-repository.js';

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  /** The C2SP signed note (checkpoint body, blank line, signature lines). */
  note: string;
  keyId: string;
  createdAt: string;
  /** Whether this call signed it (the tree grew) or returned the latest stored one. */
  signed: boolean;
}

/**
 * Ledger use cases: checkpoints (signed when the tree grew), proofs against the latest
 * checkpoint, full verification, and entries appended outside the store's own writes
 * (rotation attestations). The signer is optional: read-only replicas serve proofs.
 */
export class LedgerService {
  constructor(
    readonly store: ReleaseRepository,
    readonly ledger: LedgerRepository,
    private readonly keys: { signer?: NoteSigner; verifiers: readonly NoteVerifier[] },
    private readonly clock: Clock,
  ) {}

  /** Opens a stored note with the vkeys; without any, and unless `mustVerify`, it is only parsed. */
  private open(stored: StoredCheckpoint, mustVerify: boolean): SignedCheckpoint {
    const checkpoint =
      mustVerify || this.keys.verifiers.length > 0
        ? this.verified(stored)
        : parseCheckpoint(parseNote(stored.note).text);
    return { checkpoint, note: stored.note, keyId: stored.keyId, createdAt: stored.createdAt, signed: false };
  }

  /**
   * The checkpoint of a stored note whose signature verified. Signing on top of a checkpoint
   * and `mc ledger verify` vouch for it, so without a vkey they refuse rather than only parse.
   */
  private verified(stored: StoredCheckpoint): Checkpoint {
    if (this.keys.verifiers.length === 0) {
      throw new LedgerError(
        'KEY_FILE',
        'no ledger vkey to check the checkpoint signature with: run mc init, or put the vkeys (mc ledger key --all) in .mc/ledger.vkeys',
        { kind: 'not-found' },
      );
    }
    return openCheckpoint(stored.note, this.keys.verifiers).checkpoint;
  }

  /**
   * The latest stored checkpoint; CHECKPOINT_NONE if none. Its signature is checked when the
   * service has vkeys; a service without any (read-only routes) only parses it.
   */
  async latest(): Promise<SignedCheckpoint> {
    const stored = await this.ledger.latestCheckpoint();
    if (stored === undefined)
      throw new LedgerError(
        'CHECKPOINT_NONE',
        'no checkpoint has been signed yet: run mc ledger checkpoint (mc serve signs them on a schedule)',
      );
    return this.open(stored, false);
  }

  /** Signs a checkpoint of the current tree if it grew since the latest one; else returns the latest. */
  async checkpoint(): Promise<SignedCheckpoint> {
    const previous = await this.ledger.latestCheckpoint();
    const { size, root } = await this.ledger.root();
    if (previous !== undefined && previous.size >= size) return this.open(previous, true);
    const signer = this.keys.signer;
    if (signer === undefined)
      throw new LedgerError('KEY_FILE', 'no ledger signing key is configured: run mc init', { kind: 'not-found' });
    if (previous !== undefined && previous.size > 0) {
      // Never sign a fork: the root about to be signed must extend the one the last checkpoint
      // committed to (the proof's own toRoot is a second read, and not what gets signed).
      const old = this.verified(previous);
      const c = await this.ledger.consistencyProof(old.size, size);
      verifyConsistency(c.fromSize, c.toSize, c.proof, old.rootHash, root);
    }
    const checkpoint: Checkpoint = { origin: signer.name, size, rootHash: root, extensions: [] };
    const note = signCheckpoint(checkpoint, [signer]);
    const createdAt = this.clock().toISOString();
    const saved = await this.ledger.saveCheckpoint({ size, keyId: signer.keyId, note, createdAt });
    if (!saved) return this.latest(); // another replica signed this size first
    return { checkpoint, note, keyId: signer.keyId, createdAt, signed: true };
  }

  /** Inclusion proof against the latest checkpoint, or against `treeSize` when given. */
  async inclusionProof(index: number, treeSize?: number): Promise<InclusionProofResult> {
    const size = treeSize ?? (await this.latest()).checkpoint.size;
    if (treeSize === undefined && Number.isSafeInteger(index) && index >= size) {
      throw new LedgerError(
        'INDEX_OUT_OF_RANGE',
        `entry ${index} is not in the latest checkpoint (tree size ${size}); sign a newer checkpoint first`,
        { path: 'index' },
      );
    }
    return this.ledger.inclusionProof(index, size);
  }

  /** Consistency proof between tree sizes; `to` defaults to the latest checkpoint's size. */
  async consistencyProof(from: number, to?: number): Promise<ConsistencyProofResult> {
    return this.ledger.consistencyProof(from, to ?? (await this.latest()).checkpoint.size);
  }

  /**
   * `mc ledger verify`: every entry and stored node recomputed, then the latest checkpoint's
   * signature, its root against the stored tree, and its consistency with the current tree.
   */
  async verify(): Promise<{ size: number; root: Uint8Array; checkpoint?: Checkpoint }> {
    const full = await this.ledger.verifyAll();
    const stored = await this.ledger.latestCheckpoint();
    if (stored === undefined) return full;
    const checkpoint = this.verified(stored);
    if (checkpoint.size > full.size)
      throw new LedgerError(
        'LOG_CORRUPT',
        `checkpoint of size ${checkpoint.size} is beyond the log size ${full.size}`,
        { path: 'checkpoint' },
      );
    const { root } = await this.ledger.root(checkpoint.size);
    if (Buffer.compare(Buffer.from(root), Buffer.from(checkpoint.rootHash)) !== 0) {
      throw new LedgerError(
        'LOG_CORRUPT',
        `the stored tree of size ${checkpoint.size} does not have the root the checkpoint signed`,
        { path: 'checkpoint' },
      );
    }
    if (checkpoint.size > 0 && checkpoint.size < full.size) {
      const c = await this.ledger.consistencyProof(checkpoint.size, full.size);
      verifyConsistency(c.fromSize, c.toSize, c.proof, checkpoint.rootHash, full.root);
    }
    return { ...full, checkpoint };
  }

  /** Appends entries in a transaction of their own (rotation attestations). */
  async append(entries: readonly LedgerEntry[]): Promise<AppendResult> {
    return this.ledger.append(entries);
  }
}

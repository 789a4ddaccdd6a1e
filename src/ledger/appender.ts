import { LedgerError } from './ledger-error.js';
import { EMPTY_ROOT, HASH_SIZE, foldRange, nodeHash, rangeNodes, type SubtreeHashes } from './merkle.js';

/**
 * Pure append step of the log. The state is the compact range of the tree: the hashes of the
 * perfect subtrees making up [0, size), left to right, one per set bit of size (the
 * "right border" of RFC 6962 trees; transparency-dev/merkle `compact.Range`).
 *
 * Appending a leaf returns the node rows to persist — the leaf itself at level 0 and every
 * perfect subtree the leaf completes — so a store writes them in the same transaction as the
 * entry. Amortised, a leaf adds two rows.
 */
export interface CompactRange {
  readonly size: number;
  readonly hashes: readonly Uint8Array[];
}

export interface NodeRow {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

export const EMPTY_RANGE: CompactRange = { size: 0, hashes: [] };

export function appendLeaves(
  range: CompactRange,
  leaves: readonly Uint8Array[],
): { range: CompactRange; rows: NodeRow[] } {
  const stack = [...range.hashes];
  const rows: NodeRow[] = [];
  let size = range.size;
  for (const leaf of leaves) {
    if (leaf.length !== HASH_SIZE)
      throw new LedgerError('HASH_LENGTH', `leaf hash must be ${HASH_SIZE} bytes`, { path: 'leafHash' });
    if (size + 1 > Number.MAX_SAFE_INTEGER) throw new LedgerError('TREE_SIZE', 'log is full');
    rows.push({ level: 0, index: size, hash: leaf });
    let acc = leaf;
    let level = 0;
    // Each trailing 1 bit of the old size is a perfect subtree the new leaf completes.
    let s = size;
    while (s % 2 === 1) {
      acc = nodeHash(stack.pop()!, acc);
      level++;
      s = (s - 1) / 2;
      rows.push({ level, index: (size + 1) / 2 ** level - 1, hash: acc });
    }
    stack.push(acc);
    size++;
  }
  return { range: { size, hashes: stack }, rows };
}

/** The root of the tree the compact range describes (RFC 6962 §2.1). */
export function compactRoot(range: CompactRange): Uint8Array {
  return range.hashes.length === 0 ? EMPTY_ROOT : foldRange(range.hashes);
}

/** Rebuilds the compact range of a stored tree with one read per set bit of size. */
export function compactRangeAt(size: number, hashes: SubtreeHashes): CompactRange {
  return { size, hashes: rangeNodes(0, size).map((n) => hashes.get(n.level, n.index)) };
}

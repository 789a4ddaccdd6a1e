import { createHash } from 'node:crypto';
import { LedgerError } from './ledger-error.js';

/**
 * RFC 6962 §2.1 Merkle Tree Hash over SHA-256, and proof generation (§2.1.1 inclusion,
 * §2.1.2 consistency) from stored perfect-subtree hashes.
 *
 * Storage model ("compact ranges", as in transparency-dev/merkle and C2SP tlog-tiles): a log
 * keeps the hash of every *perfect* subtree, addressed by (level, index): level 0 holds leaf
 * hashes, node (level, index) covers leaves [index·2^level, (index+1)·2^level). Any range
 * [start, end) with start aligned is a left-to-right list of at most log2 n perfect subtrees,
 * so roots and every proof hash need O(log n) reads and no rehashing of leaves.
 */
export const HASH_SIZE = 32;

export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 6962 §2.1: MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** RFC 6962 §2.1: the hash of an empty tree is SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256();

/** A perfect subtree: 2^level leaves starting at leaf index·2^level. */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

/** Read access to stored perfect-subtree hashes. Implementations throw when a node is absent. */
export interface SubtreeHashes {
  get(level: number, index: number): Uint8Array;
}

/**
 * A proof as a plan: each proof hash is the fold of one or more perfect subtrees (more than one
 * only for the single "ephemeral" right-edge node a proof may contain). A store can fetch every
 * node of a plan in one query (async stores, PostgreSQL), then call `resolvePlan`.
 */
export type ProofPlan = NodeRef[][];

export function checkSize(n: number, field: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LedgerError('TREE_SIZE', `${field} must be a non-negative safe integer, got ${String(n)}`, {
      path: field,
    });
  }
}

/** Largest power of two strictly below n (n >= 2): the k of RFC 6962 §2.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The perfect subtrees covering [start, end), left to right. start must be aligned (see above). */
export function rangeNodes(start: number, end: number): NodeRef[] {
  const out: NodeRef[] = [];
  let pos = start;
  while (pos < end) {
    let width = 1;
    let level = 0;
    while (width * 2 <= end - pos && pos % (width * 2) === 0) {
      width *= 2;
      level++;
    }
    out.push({ level, index: pos / width });
    pos += width;
  }
  return out;
}

/** MTH of a range from its perfect subtrees: fold right to left (the right edge is the deepest). */
export function foldRange(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** Nodes whose fold is the root of the tree of the given size. */
export function rootPlan(size: number): NodeRef[] {
  checkSize(size, 'treeSize');
  return rangeNodes(0, size);
}

/** RFC 6962 §2.1.1 PATH(m, D[n]), deepest sibling first. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  checkSize(size, 'treeSize');
  checkSize(index, 'leafIdx');
  if (index >= size) {
    throw new LedgerError('INDEX_OUT_OF_RANGE', `leaf index ${index} is not below tree size ${size}`, {
      path: 'leafIdx',
    });
  }
  const topDown: ProofPlan = [];
  let a = 0;
  let b = size;
  while (b - a > 1) {
    const k = splitPoint(b - a);
    if (index < a + k) {
      topDown.push(rangeNodes(a + k, b));
      b = a + k;
    } else {
      topDown.push(rangeNodes(a, a + k));
      a += k;
    }
  }
  return topDown.reverse();
}

/**
 * RFC 6962 §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), deepest first. Follows the
 * upstream convention 0 < size1 <= size2 (a proof from the empty tree proves nothing).
 */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  checkSize(size1, 'fromSize');
  checkSize(size2, 'toSize');
  if (size1 === 0 || size1 > size2) {
    throw new LedgerError('TREE_SIZE', `consistency needs 0 < fromSize <= toSize, got ${size1} → ${size2}`, {
      path: 'fromSize',
    });
  }
  const topDown: ProofPlan = [];
  let a = 0;
  let end = size2;
  let complete = true; // the b flag of SUBPROOF: whether D[a:end] is the whole old tree's root
  for (;;) {
    if (size1 === end) {
      if (!complete) topDown.push(rangeNodes(a, end));
      break;
    }
    const k = splitPoint(end - a);
    if (size1 - a <= k) {
      topDown.push(rangeNodes(a + k, end));
      end = a + k;
    } else {
      topDown.push(rangeNodes(a, a + k));
      a += k;
      complete = false;
    }
  }
  return topDown.reverse();
}

/** Every distinct node a set of plans reads, for one batched fetch. */
export function planNodes(...plans: ReadonlyArray<readonly NodeRef[]>[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  for (const plan of plans) for (const part of plan) for (const n of part) seen.set(`${n.level}/${n.index}`, n);
  return [...seen.values()];
}

function read(hashes: SubtreeHashes, n: NodeRef): Uint8Array {
  const h = hashes.get(n.level, n.index);
  if (h.length !== HASH_SIZE) {
    throw new LedgerError('NODE_MISSING', `stored node ${n.level}/${n.index} is not a ${HASH_SIZE}-byte hash`);
  }
  return h;
}

export function resolvePlan(plan: ProofPlan, hashes: SubtreeHashes): Uint8Array[] {
  return plan.map((part) => foldRange(part.map((n) => read(hashes, n))));
}

export function rootAt(size: number, hashes: SubtreeHashes): Uint8Array {
  return foldRange(rootPlan(size).map((n) => read(hashes, n)));
}

export function inclusionProof(index: number, size: number, hashes: SubtreeHashes): Uint8Array[] {
  return resolvePlan(inclusionPlan(index, size), hashes);
}

export function consistencyProof(size1: number, size2: number, hashes: SubtreeHashes): Uint8Array[] {
  return resolvePlan(consistencyPlan(size1, size2), hashes);
}

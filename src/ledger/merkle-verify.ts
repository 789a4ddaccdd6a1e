import { LedgerError } from './ledger-error.js';
import { HASH_SIZE, nodeHash } from './merkle.js';

/**
 * Proof verification, RFC 9162 §2.1.3.2 / §2.1.4.2, in the decomposition form of
 * transparency-dev/merkle `proof/verify.go` (inner part below the split with the right border,
 * then the border). Upstream conventions kept: every hash is exactly 32 bytes, and a
 * consistency proof needs 0 < size1 <= size2.
 *
 * Every argument is attacker-controlled (proof JSON from the network or an evidence pack).
 * Arithmetic is in BigInt so sizes up to 2^53 never lose bits in 32-bit shifts.
 */

function checkHash(h: Uint8Array, field: string): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new LedgerError(
      'HASH_LENGTH',
      `${field} must be ${HASH_SIZE} bytes, got ${h instanceof Uint8Array ? h.length : typeof h}`,
      {
        path: field,
      },
    );
  }
}

function toBig(n: number, field: string): bigint {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LedgerError('TREE_SIZE', `${field} must be a non-negative safe integer, got ${String(n)}`, {
      path: field,
    });
  }
  return BigInt(n);
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

function popCount(x: bigint): number {
  let c = 0;
  for (const ch of x.toString(2)) if (ch === '1') c++;
  return c;
}

function trailingZeros(x: bigint): number {
  let n = 0;
  while (x > 0n && (x & 1n) === 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** (inner, border): proof hashes below the index/size split, then along the right border. */
function decompose(index: bigint, size: bigint): [number, number] {
  const inner = bitLength(index ^ (size - 1n));
  return [inner, popCount(index >> BigInt(inner))];
}

function chainInner(seed: Uint8Array, proof: readonly Uint8Array[], index: bigint): Uint8Array {
  let acc = seed;
  proof.forEach((h, i) => {
    acc = ((index >> BigInt(i)) & 1n) === 0n ? nodeHash(acc, h) : nodeHash(h, acc);
  });
  return acc;
}

function chainInnerRight(seed: Uint8Array, proof: readonly Uint8Array[], index: bigint): Uint8Array {
  let acc = seed;
  proof.forEach((h, i) => {
    if (((index >> BigInt(i)) & 1n) === 1n) acc = nodeHash(h, acc);
  });
  return acc;
}

function chainBorderRight(seed: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  let acc = seed;
  for (const h of proof) acc = nodeHash(h, acc);
  return acc;
}

/** The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or a typed error. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  const idx = toBig(index, 'leafIdx');
  const n = toBig(size, 'treeSize');
  if (idx >= n)
    throw new LedgerError('INDEX_OUT_OF_RANGE', `leaf index ${index} is not below tree size ${size}`, {
      path: 'leafIdx',
    });
  checkHash(leaf, 'leafHash');
  proof.forEach((h, i) => {
    checkHash(h, `proof/${i}`);
  });
  const [inner, border] = decompose(idx, n);
  if (proof.length !== inner + border) {
    throw new LedgerError(
      'PROOF_LENGTH',
      `inclusion proof for ${index} in ${size} has ${proof.length} hashes, want ${inner + border}`,
      {
        path: 'proof',
      },
    );
  }
  return chainBorderRight(chainInner(leaf, proof.slice(0, inner), idx), proof.slice(inner));
}

export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHash(root, 'root');
  const got = rootFromInclusionProof(index, size, leaf, proof);
  if (!equal(got, root)) {
    throw new LedgerError(
      'ROOT_MISMATCH',
      `inclusion proof for leaf ${index} does not lead to the root of tree size ${size}`,
      { path: 'root' },
    );
  }
}

/**
 * RFC 9162 §2.1.4.2. When size1 == size2 the proof must be empty and the roots byte-equal
 * (upstream compares them as given; the vector `sizes-are-equal-one-and-proof-is-empty`
 * expects 12-byte roots to pass, so no length check there — nothing is hashed).
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  const m = toBig(size1, 'fromSize');
  const n = toBig(size2, 'toSize');
  if (m === 0n || m > n) {
    throw new LedgerError('TREE_SIZE', `consistency needs 0 < fromSize <= toSize, got ${size1} → ${size2}`, {
      path: 'fromSize',
    });
  }
  if (m === n) {
    if (proof.length !== 0)
      throw new LedgerError('PROOF_LENGTH', 'fromSize == toSize but the proof is not empty', { path: 'proof' });
    if (!equal(root1, root2))
      throw new LedgerError('ROOT_MISMATCH', 'equal tree sizes with different roots', { path: 'toRoot' });
    return;
  }
  checkHash(root1, 'fromRoot');
  checkHash(root2, 'toRoot');
  proof.forEach((h, i) => {
    checkHash(h, `proof/${i}`);
  });
  const [inner0, border] = decompose(m - 1n, n);
  const shift = trailingZeros(m);
  const inner = inner0 - shift;
  // The proof starts with the hash of the subtree of size 2^shift, unless the old tree is that subtree.
  const oldIsPerfect = m === 1n << BigInt(shift);
  const start = oldIsPerfect ? 0 : 1;
  if (proof.length !== start + inner + border) {
    throw new LedgerError(
      'PROOF_LENGTH',
      `consistency proof ${size1} → ${size2} has ${proof.length} hashes, want ${start + inner + border}`,
      {
        path: 'proof',
      },
    );
  }
  const seed = oldIsPerfect ? root1 : proof[0]!;
  const rest = proof.slice(start);
  const mask = (m - 1n) >> BigInt(shift);
  const hash1 = chainBorderRight(chainInnerRight(seed, rest.slice(0, inner), mask), rest.slice(inner));
  if (!equal(hash1, root1))
    throw new LedgerError('ROOT_MISMATCH', `consistency proof does not lead to the root of size ${size1}`, {
      path: 'fromRoot',
    });
  const hash2 = chainBorderRight(chainInner(seed, rest.slice(0, inner), mask), rest.slice(inner));
  if (!equal(hash2, root2))
    throw new LedgerError('ROOT_MISMATCH', `consistency proof does not lead to the root of size ${size2}`, {
      path: 'toRoot',
    });
}

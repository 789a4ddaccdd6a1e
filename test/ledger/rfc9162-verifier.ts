/**
 * An independent proof verifier, written from RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
 * (consistency) step by step, with the RFC's variable names (fn, sn, fr, sr). It imports
 * nothing from src/ — a test asserts that — so it checks our proof generation rather than
 * agreeing with it by construction. It returns booleans; the production verifier is stricter
 * about shapes (32-byte hashes) and reports typed errors.
 */
import { createHash } from 'node:crypto';

export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

export function hashLeaf(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(Uint8Array.of(0)).update(data).digest();
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const lsb = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);
function isPowerOfTwo(x: number): boolean {
  let p = 1;
  while (p < x) p *= 2;
  return p === x;
}

/** RFC 9162 §2.1.1 MTH over leaf hashes, recursively (O(n)): the reference root. */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(rootFromLeafHashes(leaves.slice(0, k)), rootFromLeafHashes(leaves.slice(k)));
}

/** RFC 9162 §2.1.3.2. */
export function rfcVerifyInclusion(
  leafIndex: number,
  treeSize: number,
  hash: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (leafIndex >= treeSize) return false; // step 1
  let fn = leafIndex; // step 2
  let sn = treeSize - 1;
  let r = hash; // step 3
  for (const p of path) {
    // step 4
    if (sn === 0) return false; // 4a
    if (lsb(fn) || fn === sn) {
      // 4b
      r = hashChildren(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn); // 4c
    sn = half(sn);
  }
  return sn === 0 && same(r, root); // step 5
}

/** RFC 9162 §2.1.4.2, for 0 < first <= second. */
export function rfcVerifyConsistency(
  first: number,
  second: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  consistencyPath: readonly Uint8Array[],
): boolean {
  if (first === 0 || first > second) return false;
  if (first === second) return consistencyPath.length === 0 && same(firstHash, secondHash);
  if (consistencyPath.length === 0) return false; // step 1
  const path = [...consistencyPath];
  if (isPowerOfTwo(first)) path.unshift(firstHash); // step 2
  let fn = first - 1; // step 3
  let sn = second - 1;
  while (lsb(fn)) {
    // step 4
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!; // step 5
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    // step 6
    if (sn === 0) return false; // 6a
    if (lsb(fn) || fn === sn) {
      // 6b
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn); // 6c
    sn = half(sn);
  }
  return same(fr, firstHash) && same(sr, secondHash) && sn === 0; // step 7
}

/**
 * MTH(D[a:b]) from RFC 6962 §2.1 by recursion, where `perfect(level, index)` gives the hash
 * of a perfect aligned subtree (leaves at level 0). Only the right spine is incomplete, so
 * this takes O(log n) calls even for huge trees.
 */
export function rfcTreeHash(a: number, b: number, perfect: (level: number, index: number) => Uint8Array): Uint8Array {
  const n = b - a;
  if (n === 0) return createHash('sha256').digest();
  if (isPowerOfTwo(n) && a % n === 0) return perfect(Math.round(Math.log2(n)), a / n);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return hashChildren(rfcTreeHash(a, a + k, perfect), rfcTreeHash(a + k, b, perfect));
}

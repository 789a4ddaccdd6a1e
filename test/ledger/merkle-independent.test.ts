// Our generated proofs checked by an independent RFC 9162 verifier (rfc9162-verifier.ts, which
// imports nothing from src/), with fast-check over random tree sizes and indices — up to 2^40
// leaves through a synthetic perfect-subtree oracle, and real appended trees for small sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { hashChildren, hashLeaf, rfcTreeHash, rfcVerifyConsistency, rfcVerifyInclusion } from './rfc9162-verifier.js';
import { consistencyProof, inclusionProof, leafHash, rootAt, type SubtreeHashes } from '../../src/ledger/merkle.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { EMPTY_RANGE, appendLeaves, compactRoot } from '../../src/ledger/appender.js';
import { LedgerError } from '../../src/ledger/ledger-error.js';
import { MemorySubtrees } from './memory-subtrees.js';

test('the independent verifier imports nothing from src/', () => {
  const source = readFileSync(new URL('./rfc9162-verifier.ts', import.meta.url), 'utf8');
  const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(imports, ['node:crypto']);
});

/**
 * A synthetic but consistent log of any size: every leaf is the same hash except at a few
 * "marked" indices, so a perfect subtree without marks has a hash known per level and one
 * with marks is computed from its children (O(level × marks) work, memoised). Built only from
 * the independent verifier's hash functions.
 */
class SparseLog implements SubtreeHashes {
  reads = 0;
  private readonly memo = new Map<string, Uint8Array>();
  private readonly plain: Uint8Array[] = [hashLeaf(Buffer.from('plain'))];
  constructor(private readonly marks: ReadonlySet<number>) {}

  perfect = (level: number, index: number): Uint8Array => {
    const width = 2 ** level;
    const from = index * width;
    if (![...this.marks].some((m) => m >= from && m < from + width)) {
      while (this.plain.length <= level) this.plain.push(hashChildren(this.plain.at(-1)!, this.plain.at(-1)!));
      return this.plain[level]!;
    }
    if (level === 0) return hashLeaf(Buffer.from(`marked ${index}`));
    const key = `${level}/${index}`;
    let h = this.memo.get(key);
    if (h === undefined) {
      h = hashChildren(this.perfect(level - 1, 2 * index), this.perfect(level - 1, 2 * index + 1));
      this.memo.set(key, h);
    }
    return h;
  };

  get(level: number, index: number): Uint8Array {
    this.reads++;
    return this.perfect(level, index);
  }
}
const bitLen = (n: number): number => n.toString(2).length;
const BIG = 2 ** 40;

test('inclusion proofs at random sizes up to 2^40 verify independently with O(log n) reads', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: BIG }),
      fc.nat({ max: BIG }),
      fc.array(fc.nat({ max: BIG }), { maxLength: 4 }),
      (size, i, extra) => {
        const index = i % size;
        const log = new SparseLog(new Set([index, ...extra.map((e) => e % size)]));
        const proof = inclusionProof(index, size, log);
        assert.ok(log.reads <= 2 * bitLen(size), `${log.reads} reads for size ${size}`);
        const root = rfcTreeHash(0, size, log.perfect);
        assert.ok(rfcVerifyInclusion(index, size, log.perfect(0, index), proof, root));
        verifyInclusion(index, size, log.perfect(0, index), proof, root);
        if (size > 1) assert.equal(rfcVerifyInclusion(index, size, hashLeaf(Buffer.from('other')), proof, root), false);
        log.reads = 0;
        assert.deepEqual(rootAt(size, log), root);
        assert.ok(log.reads <= bitLen(size));
      },
    ),
    { numRuns: 300 },
  );
});

test('consistency proofs at random sizes up to 2^40 verify independently with O(log n) reads', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: BIG }),
      fc.integer({ min: 1, max: BIG }),
      fc.array(fc.nat({ max: BIG }), { maxLength: 4 }),
      (x, y, extra) => {
        const [m, n] = x <= y ? [x, y] : [y, x];
        const log = new SparseLog(new Set([m - 1, n - 1, ...extra.map((e) => e % n)]));
        const proof = consistencyProof(m, n, log);
        assert.ok(log.reads <= 2 * bitLen(n) + 1, `${log.reads} reads for ${m} → ${n}`);
        const root1 = rfcTreeHash(0, m, log.perfect);
        const root2 = rfcTreeHash(0, n, log.perfect);
        assert.ok(rfcVerifyConsistency(m, n, root1, root2, proof));
        verifyConsistency(m, n, proof, root1, root2);
      },
    ),
    { numRuns: 300 },
  );
});

// One real log of 600 appended leaves serves every smaller size: perfect subtrees never change.
const N = 600;
const leaves = Array.from({ length: N }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const real = new MemorySubtrees();
const roots: Uint8Array[] = [];
{
  let range = EMPTY_RANGE;
  roots.push(compactRoot(range));
  for (const leaf of leaves) {
    const r = appendLeaves(range, [leaf]);
    range = r.range;
    real.put(r.rows);
    roots.push(compactRoot(range));
  }
}

test('appended trees: roots, inclusion and consistency agree with the independent RFC code', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: N }), fc.nat(), fc.integer({ min: 1, max: N }), (size, i, other) => {
      const index = i % size;
      const root = rfcTreeHash(0, size, (level, idx) => (level === 0 ? leaves[idx]! : real.get(level, idx)));
      assert.deepEqual(roots[size], root);
      assert.deepEqual(rootAt(size, real), root);
      assert.equal(
        Buffer.compare(Buffer.from(hashLeaf(Buffer.from(`entry ${index}`))), Buffer.from(leaves[index]!)),
        0,
      );
      assert.ok(rfcVerifyInclusion(index, size, leaves[index]!, inclusionProof(index, size, real), root));
      const [m, n] = other <= size ? [other, size] : [size, other];
      assert.ok(rfcVerifyConsistency(m, n, roots[m]!, roots[n]!, consistencyProof(m, n, real)));
    }),
    { numRuns: 400 },
  );
});

test('a flipped bit anywhere in a proof is rejected by both verifiers', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: N }),
      fc.nat(),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
      (size, i, pick, bit) => {
        const index = i % size;
        const proof = inclusionProof(index, size, real).map((h) => Uint8Array.from(h));
        if (proof.length === 0) return;
        const target = proof[pick % proof.length]!;
        target[bit >> 3]! ^= 1 << (bit & 7);
        assert.equal(rfcVerifyInclusion(index, size, leaves[index]!, proof, roots[size]!), false);
        assert.throws(
          () => verifyInclusion(index, size, leaves[index]!, proof, roots[size]!),
          (e: unknown) => e instanceof LedgerError && e.code === 'ROOT_MISMATCH' && e.kind === 'verification',
        );
        const m = 1 + (pick % (size - 1));
        const cproof = consistencyProof(m, size, real).map((h) => Uint8Array.from(h));
        const ct = cproof[bit % cproof.length]!;
        ct[bit >> 3]! ^= 1 << (bit & 7);
        assert.equal(rfcVerifyConsistency(m, size, roots[m]!, roots[size]!, cproof), false);
        assert.throws(
          () => verifyConsistency(m, size, cproof, roots[m]!, roots[size]!),
          (e: unknown) => e instanceof LedgerError && e.code === 'ROOT_MISMATCH',
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('proof requests past the tree, from > to, and proofs for another tree size are typed errors', () => {
  const isCode = (code: string) => (e: unknown) => e instanceof LedgerError && e.code === code;
  assert.throws(() => inclusionProof(10, 10, real), isCode('INDEX_OUT_OF_RANGE'));
  assert.throws(() => inclusionProof(-1, 10, real), isCode('TREE_SIZE'));
  assert.throws(() => inclusionProof(0.5, 10, real), isCode('TREE_SIZE'));
  assert.throws(() => consistencyProof(251, 250, real), isCode('TREE_SIZE'));
  assert.throws(() => consistencyProof(0, 250, real), isCode('TREE_SIZE'));
  // A valid proof for size 100 presented as a proof for size 101 or 64.
  const proof = inclusionProof(41, 100, real);
  assert.throws(() => verifyInclusion(41, 101, leaves[41]!, proof, roots[101]!), isCode('ROOT_MISMATCH'));
  assert.throws(() => verifyInclusion(41, 64, leaves[41]!, proof, roots[64]!), isCode('PROOF_LENGTH'));
  assert.throws(() => verifyInclusion(41, 100, leaves[41]!.subarray(1), proof, roots[100]!), isCode('HASH_LENGTH'));
});

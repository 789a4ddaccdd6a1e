// Conformance: transparency-dev/merkle@417fb0c testdata (inclusion/, consistency/) and the
// RFC 6962 reference tree (derived/rfc6962-reference-tree.json), read through sharedPath().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { LedgerError } from '../../src/ledger/ledger-error.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { EMPTY_ROOT, consistencyProof, inclusionProof, leafHash, rootAt } from '../../src/ledger/merkle.js';
import { EMPTY_RANGE, appendLeaves, compactRoot } from '../../src/ledger/appender.js';
import { MemorySubtrees } from './memory-subtrees.js';
import { rootFromLeafHashes } from './rfc9162-verifier.js';

const base = sharedPath('conformance', 'merkle-and-checkpoints');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? jsonFiles(p) : f.endsWith('.json') ? [p] : [];
  });
}

const b64 = (s: string): Uint8Array => Buffer.from(s, 'base64');
const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

function outcome(fn: () => void): LedgerError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof LedgerError, `expected a LedgerError, got ${String(e)}`);
    return e;
  }
}

test('every inclusion probe of transparency-dev/merkle behaves as wantErr says', (t) => {
  if (base === undefined) return t.skip(SHARED_SKIP);
  const files = jsonFiles(join(base, 'transparency-dev-merkle', 'testdata', 'inclusion'));
  assert.equal(files.length, 98);
  let valid = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as InclusionProbe;
    const err = outcome(() =>
      verifyInclusion(p.leafIdx, p.treeSize, b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root)),
    );
    assert.equal(err !== undefined, p.wantErr, `${f}: ${p.desc}: ${err?.code ?? 'ok'}`);
    if (!p.wantErr) valid++;
  }
  assert.equal(valid, 6);
});

test('every consistency probe of transparency-dev/merkle behaves as wantErr says', (t) => {
  if (base === undefined) return t.skip(SHARED_SKIP);
  const files = jsonFiles(join(base, 'transparency-dev-merkle', 'testdata', 'consistency'));
  assert.equal(files.length, 98);
  let valid = 0;
  const codes = new Set<string>();
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as ConsistencyProbe;
    const err = outcome(() =>
      verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), b64(p.root1), b64(p.root2)),
    );
    assert.equal(err !== undefined, p.wantErr, `${f}: ${p.desc}: ${err?.code ?? 'ok'}`);
    if (err) codes.add(err.code);
    else valid++;
  }
  assert.equal(valid, 6);
  assert.deepEqual([...codes].sort(), ['HASH_LENGTH', 'PROOF_LENGTH', 'ROOT_MISMATCH', 'TREE_SIZE']);
});

interface ReferenceTree {
  leafInputs: string[];
  leafHashes: string[];
  nodeHashesByLevel: string[][];
  rootHashesBySize: Record<string, string>;
}

test('the RFC 6962 reference tree: leaf hashes, roots for sizes 0..8, stored nodes, generated proofs', (t) => {
  if (base === undefined) return t.skip(SHARED_SKIP);
  const ref = JSON.parse(readFileSync(join(base, 'derived', 'rfc6962-reference-tree.json'), 'utf8')) as ReferenceTree;
  const leaves = ref.leafInputs.map((h) => leafHash(Buffer.from(h, 'hex')));
  assert.deepEqual(leaves.map(hex), ref.leafHashes);
  assert.equal(hex(EMPTY_ROOT), ref.rootHashesBySize['0']);
  const store = new MemorySubtrees();
  let range = EMPTY_RANGE;
  for (let size = 0; size <= 8; size++) {
    const want = ref.rootHashesBySize[String(size)];
    assert.equal(hex(rootFromLeafHashes(leaves.slice(0, size))), want, `recursive root ${size}`);
    assert.equal(hex(compactRoot(range)), want, `compact root ${size}`);
    assert.equal(hex(rootAt(size, store)), want, `stored root ${size}`);
    if (size < 8) {
      const r = appendLeaves(range, [leaves[size]!]);
      range = r.range;
      store.put(r.rows);
    }
  }
  // Every stored perfect-subtree node equals the reference node hashes by level.
  for (const [l, level] of ref.nodeHashesByLevel.entries()) {
    for (const [i, h] of level.entries()) assert.equal(hex(store.get(l, i)), h, `node ${l}/${i}`);
  }
  assert.equal(store.nodes.size, 15);
  // Proofs we generate from the stored nodes verify for every (index, size) and (size1, size2).
  for (let n = 1; n <= 8; n++) {
    const root = b64(Buffer.from(ref.rootHashesBySize[String(n)]!, 'hex').toString('base64'));
    for (let i = 0; i < n; i++) verifyInclusion(i, n, leaves[i]!, inclusionProof(i, n, store), root);
    for (let m = 1; m <= n; m++) {
      const root1 = Buffer.from(ref.rootHashesBySize[String(m)]!, 'hex');
      verifyConsistency(m, n, consistencyProof(m, n, store), root1, root);
    }
  }
});

test('proof generation matches the upstream happy-path probes exactly', (t) => {
  if (base === undefined) return t.skip(SHARED_SKIP);
  const ref = JSON.parse(readFileSync(join(base, 'derived', 'rfc6962-reference-tree.json'), 'utf8')) as ReferenceTree;
  const store = new MemorySubtrees();
  store.put(
    appendLeaves(
      EMPTY_RANGE,
      ref.leafInputs.map((h) => leafHash(Buffer.from(h, 'hex'))),
    ).rows,
  );
  const dir = join(base, 'transparency-dev-merkle', 'testdata');
  for (const f of jsonFiles(join(dir, 'inclusion')).filter((f) => f.endsWith('happy-path.json'))) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as InclusionProbe;
    if (p.treeSize > 8) continue;
    assert.deepEqual(
      inclusionProof(p.leafIdx, p.treeSize, store).map((h) => Buffer.from(h).toString('base64')),
      p.proof ?? [],
      f,
    );
  }
  for (const f of jsonFiles(join(dir, 'consistency')).filter((f) => f.endsWith('happy-path.json'))) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as ConsistencyProbe;
    if (p.size2 > 8) continue;
    assert.deepEqual(
      consistencyProof(p.size1, p.size2, store).map((h) => Buffer.from(h).toString('base64')),
      p.proof ?? [],
      f,
    );
  }
});

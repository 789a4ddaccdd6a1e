import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteLedger } from '../../src/ledger/sqlite-ledger.js';
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/ledger-error.js';
import { leafHash, rootFromLeafHashes } from '../../src/ledger/merkle.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { rfcVerifyConsistency, rfcVerifyInclusion } from './rfc9162-verifier.js';

const isCode = (code: LedgerErrorCode) => (e: unknown) => e instanceof LedgerError && e.code === code;
const entries = Array.from({ length: 77 }, (_, i) => Buffer.from(JSON.stringify({ i, type: 'ingest' })));

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-ledger-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('appends in batches; roots and proofs verify with ours and the independent verifier', (t) => {
  const file = join(tempDir(t), 'l.db');
  const ledger = SqliteLedger.open(file);
  assert.equal(ledger.size(), 0);
  const r1 = ledger.append(entries.slice(0, 30));
  assert.deepEqual([r1.firstIndex, r1.size], [0, 30]);
  const r2 = ledger.append(entries.slice(30));
  assert.deepEqual([r2.firstIndex, r2.size], [30, 77]);
  const leaves = entries.map((e) => leafHash(e));
  assert.deepEqual(r2.root, rootFromLeafHashes(leaves));
  for (const size of [1, 30, 41, 64, 77]) {
    assert.deepEqual(ledger.root(size), rootFromLeafHashes(leaves.slice(0, size)));
    for (const i of [0, size - 1, Math.floor(size / 2)]) {
      const p = ledger.inclusionProof(i, size);
      verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, p.root);
      assert.ok(rfcVerifyInclusion(i, size, leaves[i]!, p.proof, p.root));
    }
    const c = ledger.consistencyProof(size, 77);
    verifyConsistency(c.fromSize, c.toSize, c.proof, c.fromRoot, c.toRoot);
    assert.ok(rfcVerifyConsistency(size, 77, c.fromRoot, c.toRoot, c.proof));
  }
  assert.deepEqual(ledger.entry(41), entries[41]);
  assert.deepEqual(ledger.verifyAll().root, r2.root);
  ledger.db.close();
  // Reopening rebuilds the compact range from stored nodes and keeps appending correctly.
  const again = SqliteLedger.open(file);
  const r3 = again.append([Buffer.from('late')]);
  assert.deepEqual(r3.root, rootFromLeafHashes([...leaves, leafHash(Buffer.from('late'))]));
  again.db.close();
});

test('two connections appending alternately stay consistent', (t) => {
  const file = join(tempDir(t), 'l.db');
  const a = SqliteLedger.open(file);
  const b = SqliteLedger.open(file);
  for (let i = 0; i < 10; i++) (i % 2 ? a : b).append([entries[i]!]);
  assert.deepEqual(a.root(), rootFromLeafHashes(entries.slice(0, 10).map((e) => leafHash(e))));
  assert.equal(b.verifyAll().size, 10);
  a.db.close();
  b.db.close();
});

test('bad requests are typed errors: past the tree, from > to, size beyond the log', (t) => {
  const ledger = SqliteLedger.open(join(tempDir(t), 'l.db'));
  ledger.append(entries.slice(0, 10));
  assert.throws(() => ledger.inclusionProof(10), isCode('INDEX_OUT_OF_RANGE'));
  assert.throws(() => ledger.inclusionProof(3, 11), isCode('TREE_SIZE'));
  assert.throws(() => ledger.consistencyProof(8, 5), isCode('TREE_SIZE'));
  assert.throws(() => ledger.entry(10), isCode('INDEX_OUT_OF_RANGE'));
  ledger.db.close();
});

test('verifyAll detects a flipped byte in any stored entry and a tampered or missing node', (t) => {
  const ledger = SqliteLedger.open(join(tempDir(t), 'l.db'));
  ledger.append(entries.slice(0, 20));
  const db = ledger.db;
  for (let i = 0; i < 20; i++) {
    const original = ledger.entry(i);
    for (let b = 0; b < original.length; b++) {
      const bad = Buffer.from(original);
      bad[b]! ^= 0x01;
      db.prepare('UPDATE ledger_entries SET entry = ? WHERE idx = ?').run(bad, i);
      assert.throws(() => ledger.verifyAll(), (e: unknown) => isCode('LOG_CORRUPT')(e) && (e as LedgerError).path === `entries/${i}`);
    }
    db.prepare('UPDATE ledger_entries SET entry = ? WHERE idx = ?').run(Buffer.from(original), i);
  }
  ledger.verifyAll();
  db.prepare("UPDATE ledger_nodes SET hash = randomblob(32) WHERE level = 2 AND idx = 1").run();
  assert.throws(() => ledger.verifyAll(), (e: unknown) => isCode('LOG_CORRUPT')(e) && (e as LedgerError).path === 'nodes/2/1');
  db.prepare('DELETE FROM ledger_nodes WHERE level = 2 AND idx = 1').run();
  assert.throws(() => ledger.verifyAll(), isCode('LOG_CORRUPT'));
  assert.throws(() => ledger.inclusionProof(0), isCode('NODE_MISSING'));
  db.close();
});

const child = fileURLToPath(new URL('./fixtures/kill-child.ts', import.meta.url));

async function runAndKill(file: string, mode: 'between' | 'after', killOn: string): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, file, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(killOn)) proc.kill('SIGKILL');
    });
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited without being killed: ${out}`))));
  });
}

test('SIGKILL between the state write and the ledger append leaves neither; after commit, both', async (t) => {
  const dir = tempDir(t);
  for (const [mode, killOn, expected] of [['between', 'state-written', 0], ['after', 'committed', 1]] as const) {
    const file = join(dir, `${mode}.db`);
    await runAndKill(file, mode, killOn);
    const db = new Database(file);
    const state = db.prepare('SELECT COUNT(*) FROM revocations').pluck().get();
    const ledger = new SqliteLedger(db);
    assert.equal(state, expected, `${mode}: state rows`);
    assert.equal(ledger.size(), expected, `${mode}: ledger entries`);
    ledger.verifyAll();
    db.close();
  }
});

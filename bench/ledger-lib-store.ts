// Helper of bench/ledger.ts (the runner skips *-lib* files): figures for the Kysely LedgerStore
// that mc runs on. Appends go through LedgerStore.append (one transaction per batch of 1,000,
// SQLite WAL synchronous=FULL). For proofs at 1,000,000 entries the node table of a second store
// is bulk-loaded from the same append math (entries are not needed: proofs read only stored
// subtree hashes), then proofs are generated through LedgerStore as `mc` serves them.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EMPTY_RANGE, appendLeaves } from '../src/ledger/appender.js';
import type { EncodedEntry } from '../src/ledger/ledger-entry.js';
import { leafHash } from '../src/ledger/merkle.js';
import { verifyInclusion } from '../src/ledger/merkle-verify.js';
import { sqliteEngine } from '../src/store/dialect/sqlite-engine.js';
import { LedgerStore } from '../src/store/ledger-store.js';
import { ReleaseStore } from '../src/store/release-store.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const BATCH = 1000;

export async function storeFigures(dir: string, appends: number, total: number, entry: (i: number) => EncodedEntry): Promise<Record<string, number>> {
  const entries = Array.from({ length: appends }, (_, i) => entry(i));
  const store = await ReleaseStore.open(sqliteEngine(join(dir, 'store.db'), 'FULL'));
  const ledger = new LedgerStore(store.engine.db);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < appends; i += BATCH) await ledger.append(entries.slice(i, i + BATCH));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await store.close();

  const file = join(dir, 'store-1m.db');
  await (await ReleaseStore.open(sqliteEngine(file, 'FULL'))).close();
  const raw = new Database(file);
  const insert = raw.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)');
  const leaves = Array.from({ length: total }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
  const { rows } = appendLeaves(EMPTY_RANGE, leaves);
  raw.transaction(() => {
    for (const r of rows) insert.run(r.level, r.index, Buffer.from(r.hash));
    raw.prepare('UPDATE ledger_head SET size = ? WHERE id = 1').run(total);
  })();
  raw.close();
  const big = await ReleaseStore.open(sqliteEngine(file, 'FULL'));
  const bigLedger = new LedgerStore(big.engine.db);
  const { root } = await bigLedger.root();
  const proofMs: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const index = Math.floor((k * 7919 * 104729) % total);
    const p0 = process.hrtime.bigint();
    const p = await bigLedger.inclusionProof(index, total);
    proofMs.push(Number(process.hrtime.bigint() - p0) / 1e6);
    if (k % 100 === 0) verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, root);
  }
  await big.close();
  return { store_appends_per_s: Math.round(appends / seconds), store_entries: appends, store_proof_ms_at_1m: round(median(proofMs), 4) };
}

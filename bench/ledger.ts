// Ledger benchmark, on the path mc runs: LedgerStore (Kysely) over SQLite with WAL
// and synchronous=FULL, one transaction per batch of 1,000 LedgerEntry values (each validated,
// encoded as canonical JSON, hashed and written with its node rows), against plain
// crypto.createHash over the same entry bytes in the same run; ratio = appends/s ÷ hashes/s.
// The same store then grows to 1,000,000 entries (batches of 10,000, timed separately) and
// inclusion and consistency proofs are generated there through LedgerStore, as mc serves them.
// Entries come from a fixed generator (no randomness).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLedgerEntry, type LedgerEntry } from '../src/ledger/ledger-entry.js';
import { verifyConsistency, verifyInclusion } from '../src/ledger/merkle-verify.js';
import { sqliteEngine } from '../src/store/dialect/sqlite-engine.js';
import { LedgerStore } from '../src/store/ledger-store.js';
import { ReleaseStore } from '../src/store/release-store.js';

const hex64 = (i: number, salt: string): string => createHash('sha256').update(`${salt}${i}`).digest('hex');

function entryOf(i: number): LedgerEntry {
  return {
    v: 1,
    type: 'ingest',
    at: new Date(Date.UTC(2026, 10, 22) + i * 1000).toISOString(),
    actor: 'bench',
    payload: {
      artifact: `sha256:${hex64(i % 997, 'a')}`,
      kind: 'sbom',
      sha256: `sha256:${hex64(i, 'e')}`,
      format: 'cyclonedx-1.5',
    },
  };
}

const entriesFrom = (start: number, n: number): LedgerEntry[] =>
  Array.from({ length: n }, (_, k) => entryOf(start + k));
const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

export async function run(): Promise<Record<string, unknown>> {
  const APPENDS = Number(process.env.MC_BENCH_LEDGER_APPENDS ?? 100_000);
  const TOTAL = Number(process.env.MC_BENCH_LEDGER_TOTAL ?? 1_000_000);
  const BATCH = 1000;
  const GROW_BATCH = 10 * BATCH;
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-ledger-'));
  try {
    const entries = entriesFrom(0, APPENDS);
    const bytes = entries.map((e) => encodeLedgerEntry(e).bytes);
    const totalBytes = bytes.reduce((n, b) => n + b.length, 0);

    // Baseline: plain SHA-256 of each entry, same bytes (best of 3 runs).
    let hashSeconds = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      for (const b of bytes) createHash('sha256').update(b).digest();
      hashSeconds = Math.min(hashSeconds, seconds(t0));
    }

    const store = await ReleaseStore.open(sqliteEngine(join(dir, 'store.db'), 'FULL'));
    try {
      const ledger = new LedgerStore(store.engine.db);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < APPENDS; i += BATCH) await ledger.append(entries.slice(i, i + BATCH));
      const appendSeconds = seconds(t0);

      const g0 = process.hrtime.bigint();
      for (let i = APPENDS; i < TOTAL; i += GROW_BATCH)
        await ledger.append(entriesFrom(i, Math.min(GROW_BATCH, TOTAL - i)));
      const growSeconds = seconds(g0);
      const { size, root } = await ledger.root();

      // Inclusion proofs at TOTAL: 2,000 spread indices (fixed stride), generation timed, every 100th verified.
      const proofMs: number[] = [];
      for (let k = 0; k < 2000; k++) {
        const index = Math.floor((k * 7919 * 104729) % size);
        const p0 = process.hrtime.bigint();
        const p = await ledger.inclusionProof(index, size);
        proofMs.push(seconds(p0) * 1e3);
        if (k % 100 === 0) verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, root);
      }
      const consMs: number[] = [];
      for (let k = 1; k <= 500; k++) {
        const from = Math.max(1, Math.floor((k * 104729) % size));
        const c0 = process.hrtime.bigint();
        const c = await ledger.consistencyProof(from, size);
        consMs.push(seconds(c0) * 1e3);
        if (k % 50 === 0) verifyConsistency(c.fromSize, c.toSize, c.proof, c.fromRoot, root);
      }
      // Full re-verification of 1M entries reads and rehashes everything: opt-in.
      let verifySeconds: number | undefined;
      if (process.env.MC_BENCH_LEDGER_VERIFY === '1') {
        const v0 = process.hrtime.bigint();
        await ledger.verifyAll();
        verifySeconds = round(seconds(v0), 1);
      }

      const appendsPerS = APPENDS / appendSeconds;
      const hashesPerS = APPENDS / hashSeconds;
      return {
        bench: 'ledger',
        appends_per_s: Math.round(appendsPerS),
        hashes_per_s: Math.round(hashesPerS),
        ratio: round(appendsPerS / hashesPerS, 4),
        entries: APPENDS,
        entry_bytes_avg: Math.round(totalBytes / APPENDS),
        batch: BATCH,
        durability: 'LedgerStore on SQLite, WAL, synchronous=FULL, one transaction per batch',
        tree_size: size,
        grow_to_size_s: round(growSeconds, 1),
        proof_ms_at_1m: round(median(proofMs), 4),
        proof_ms_p99_at_1m: round(pct(proofMs, 0.99), 4),
        consistency_ms_at_1m: round(median(consMs), 4),
        ...(verifySeconds === undefined ? {} : { verify_all_s_at_1m: verifySeconds }),
        targets: { appends_per_s: 20000, proof_ms_at_1m: 1 },
      };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run()));
}

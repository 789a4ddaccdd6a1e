// Ledger benchmark (issue 6): durable appends/s on SQLite (WAL, synchronous=FULL, batched
// transactions) against plain crypto.createHash over the same entry bytes in the same run;
// ratio = appends/s ÷ hashes/s. Then the log grows to 1,000,000 entries and inclusion and
// consistency proofs are timed there. Entries come from a fixed generator (no randomness).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLedgerEntry, type LedgerEntry } from '../src/ledger/ledger-entry.js';
import { SqliteLedger } from '../src/ledger/sqlite-ledger.js';
import { verifyInclusion } from '../src/ledger/merkle-verify.js';
import { storeFigures } from './ledger-lib-store.js';

const hex64 = (i: number, salt: string): string => createHash('sha256').update(`${salt}${i}`).digest('hex');

function entry(i: number): Uint8Array {
  return encodeLedgerEntry(entryOf(i)).bytes;
}

function entryOf(i: number): LedgerEntry {
  return {
    v: 1,
    type: 'ingest',
    at: new Date(Date.UTC(2026, 10, 22) + i * 1000).toISOString(),
    actor: 'bench',
    payload: { artifact: `sha256:${hex64(i % 997, 'a')}`, kind: 'sbom', sha256: `sha256:${hex64(i, 'e')}`, format: 'cyclonedx-1.5' },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

export async function run(): Promise<Record<string, unknown>> {
  const APPENDS = Number(process.env.MC_BENCH_LEDGER_APPENDS ?? 200_000);
  const TOTAL = Number(process.env.MC_BENCH_LEDGER_TOTAL ?? 1_000_000);
  const BATCH = 1000;
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-ledger-'));
  try {
    const entries = Array.from({ length: APPENDS }, (_, i) => entry(i));
    const bytes = entries.reduce((n, e) => n + e.length, 0);

    // Baseline: plain SHA-256 of each entry, same bytes (best of 3 runs).
    let hashSeconds = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      for (const e of entries) createHash('sha256').update(e).digest();
      hashSeconds = Math.min(hashSeconds, Number(process.hrtime.bigint() - t0) / 1e9);
    }

    const ledger = SqliteLedger.open(join(dir, 'ledger.db'));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < APPENDS; i += BATCH) ledger.append(entries.slice(i, i + BATCH));
    const appendSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

    // Grow to TOTAL with the same generator and batch size (timed separately).
    const g0 = process.hrtime.bigint();
    for (let i = APPENDS; i < TOTAL; i += 10 * BATCH) {
      ledger.append(Array.from({ length: Math.min(10 * BATCH, TOTAL - i) }, (_, k) => entry(i + k)));
    }
    const growSeconds = Number(process.hrtime.bigint() - g0) / 1e9;
    const size = ledger.size();
    const root = ledger.root();

    // Inclusion proofs at TOTAL: 2,000 spread indices (fixed stride), proof generation only, then verified.
    const proofMs: number[] = [];
    const PROBES = 2000;
    for (let k = 0; k < PROBES; k++) {
      const index = Math.floor((k * 7919 * 104729) % size);
      const p0 = process.hrtime.bigint();
      const p = ledger.inclusionProof(index, size);
      proofMs.push(Number(process.hrtime.bigint() - p0) / 1e6);
      if (k % 100 === 0) verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, root);
    }
    const consMs: number[] = [];
    for (let k = 1; k <= 500; k++) {
      const from = Math.max(1, Math.floor((k * 104729) % size));
      const c0 = process.hrtime.bigint();
      ledger.consistencyProof(from, size);
      consMs.push(Number(process.hrtime.bigint() - c0) / 1e6);
    }
    // Full re-verification of 1M entries is slow (point reads per node): opt-in.
    let verifySeconds: number | undefined;
    if (process.env.MC_BENCH_LEDGER_VERIFY === '1') {
      const v0 = process.hrtime.bigint();
      ledger.verifyAll();
      verifySeconds = round(Number(process.hrtime.bigint() - v0) / 1e9, 1);
    }
    ledger.db.close();
    // The same through the Kysely LedgerStore mc runs on (SQLite, synchronous=FULL).
    const store = await storeFigures(dir, Number(process.env.MC_BENCH_LEDGER_STORE_APPENDS ?? 50_000), TOTAL, (i) => encodeLedgerEntry(entryOf(i)));

    const appendsPerS = APPENDS / appendSeconds;
    const hashesPerS = APPENDS / hashSeconds;
    return {
      bench: 'ledger',
      appends_per_s: Math.round(appendsPerS),
      hashes_per_s: Math.round(hashesPerS),
      ratio: round(appendsPerS / hashesPerS, 4),
      entries: APPENDS,
      entry_bytes_avg: Math.round(bytes / APPENDS),
      batch: BATCH,
      durability: 'WAL, synchronous=FULL, one transaction per batch',
      tree_size: size,
      grow_to_size_s: round(growSeconds, 1),
      proof_ms_at_1m: round(median(proofMs), 4),
      proof_ms_p99_at_1m: round(pct(proofMs, 0.99), 4),
      consistency_ms_at_1m: round(median(consMs), 4),
      ...(verifySeconds === undefined ? {} : { verify_all_s_at_1m: verifySeconds }),
      ...store,
      targets: { appends_per_s: 20000, proof_ms_at_1m: 1 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run()));
}

// CVE watch benchmark: N stored digests × 300 components (npm / PyPI / Maven), one new advisory
// affecting 1 % of them. Incremental: one tick of the CVE watch as mc runs it (sync the mirror
// directory, component index → candidates → range match → every affected digest revoked and
// committed with its ledger entry, events and tickets) against a full rescan in the same run (read
// and parse every stored SBOM, match it against the advisory, revoke what it affects, committed).
// ratio = rescan time / incremental time (target ≥ 100, incremental ≤ 1 s on SQLite). Then the
// incremental latency at 1k, 10k and 100k stored digests (100k written with bulk inserts straight
// into the tables) on SQLite, and on PostgreSQL when MC_BENCH_DATABASE_URL / MC_TEST_DATABASE_URL is set.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { composeInstallation } from '../src/app/installation.js';
import { resolveConfig } from '../src/config/config.js';
import type { Digest } from '../src/domain/digest.js';
import type { Sbom } from '../src/domain/evidence.js';
import type { RevocationRequest } from '../src/domain/revocation.js';
import type { Engine } from '../src/store/dialect/engine.js';
import { postgresEngine } from '../src/store/dialect/postgres-engine.js';
import { sqliteEngine } from '../src/store/dialect/sqlite-engine.js';
import { ReleaseStore } from '../src/store/release-store.js';
import { AdvisoryIndex } from '../src/vuln/matcher.js';
import {
  advisoryId,
  COMPONENTS_PER_DIGEST,
  StoreGenerator,
  writeBaselineMirror,
  writeNewAdvisory,
} from './watch-lib-data.js';

const GATES = `version: 1
environments: { staging: prod, prod: prod }
profiles:
  prod:
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
    promotable: enforce
`;
const BASELINE_RECORDS = 300;
const sizes = (v: string | undefined, d: string) =>
  (v ?? d)
    .split(',')
    .filter(Boolean)
    .map((s) => Number(s));
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const log = (line: string) => process.stderr.write(`bench watch: ${line}\n`);

interface Scenario {
  digests: number;
  affected: number;
  revoked: number;
  generateSeconds: number;
  incrementalSeconds: number;
  /** The tick's parts: sync (read the mirror, write the new record), decide (index, match), commit (revocations). */
  tickSeconds: { sync: number; decide: number; commit: number };
  rescanSeconds?: number;
  ratio?: number;
}

/**
 * One store grown through `sizes`; at each size a new advisory (affecting the same 1 %) arrives and
 * one tick is timed. At `rescanAt` the same outcome is then reached by a full rescan, timed too.
 */
async function series(engine: Engine, sizes: readonly number[], rescanAt: number): Promise<Scenario[]> {
  const store = await ReleaseStore.open(engine);
  const work = mkdtempSync(join(tmpdir(), 'mc-bench-watch-'));
  const out: Scenario[] = [];
  try {
    mkdirSync(join(work, 'policy', 'data'), { recursive: true });
    writeFileSync(join(work, 'policy', 'data', 'gates.yaml'), GATES);
    writeFileSync(join(work, 'policy', 'waivers.yaml'), 'version: 1\nwaivers: []\n');
    const config = resolveConfig({}, { workDir: work, ticketWebhookUrl: 'http://127.0.0.1:9/tickets' });
    const mc = composeInstallation(config, () => new Date(), store, { providers: {} });
    const mirror = join(work, 'mirror');
    writeBaselineMirror(mirror, BASELINE_RECORDS);
    await mc.cveWatch.tick([mirror]); // the baseline is synced before any advisory arrives
    const generator = new StoreGenerator(store.engine.db);
    for (const [k, n] of sizes.entries()) {
      let t0 = performance.now();
      const progress = (done: number) => {
        if (done % 20_000 === 0) log(`${engine.name}: ${done} digests written`);
      };
      // Up to the rescan size every digest is generated (with its SBOM evidence); past it, copied.
      if (n <= rescanAt) await generator.grow(n, true, progress);
      else await generator.replicate(n, progress);
      // Planner statistics, as autovacuum / a periodic ANALYZE keep them after bulk loads.
      for (const table of ['artifacts', 'evidence', 'indexed_components', 'indexed_digests', 'component_links'])
        await sql`ANALYZE ${sql.table(table)}`.execute(store.engine.db);
      const generateSeconds = round((performance.now() - t0) / 1000, 1);
      if (k === 0) {
        // Warm-up (not timed): the first revocations exercise every code path once.
        writeNewAdvisory(mirror, 0);
        await mc.cveWatch.tick([mirror]);
      }
      writeNewAdvisory(mirror, k + 1);
      t0 = performance.now();
      const tick = await mc.cveWatch.tick([mirror]);
      const incrementalSeconds = (performance.now() - t0) / 1000;
      const revoked = tick.revoked.length;
      const expected = generator.affected * 2; // two enforcing environments
      if (revoked !== expected) throw new Error(`expected ${expected} revocations, the tick made ${revoked}`);
      const s: Scenario = {
        digests: n,
        affected: generator.affected,
        revoked,
        generateSeconds,
        incrementalSeconds: round(incrementalSeconds),
        tickSeconds: {
          sync: round(tick.seconds.sync),
          decide: round(tick.seconds.decide),
          commit: round(tick.seconds.commit),
        },
      };
      out.push(s);
      if (n === rescanAt) {
        const rescanSeconds = await rescan(mc, advisoryId(k + 1), tick.revoked);
        s.rescanSeconds = round(rescanSeconds);
        s.ratio = round(rescanSeconds / incrementalSeconds, 1);
      }
      log(`${engine.name} ${JSON.stringify(s)}`);
    }
    return out;
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Reinstates what the tick revoked, then revokes it again from a full rescan of every stored SBOM (timed). */
async function rescan(
  mc: ReturnType<typeof composeInstallation>,
  advisory: string,
  revoked: ReadonlyArray<{ digest: Digest; env: string; advisory: string }>,
): Promise<number> {
  await mc.revocationRepository.apply(
    revoked.map((c) => ({
      action: 'reinstate',
      digest: c.digest,
      env: c.env,
      cause: 'cve',
      advisory: c.advisory,
      reason: 'bench reset',
      actor: 'bench',
    })),
  );
  const t0 = performance.now();
  const rows = await mc.store.engine.db
    .selectFrom('evidence')
    .select(['artifact', 'normalized'])
    .where('kind', '=', 'sbom')
    .execute();
  const record = (await mc.advisories.recordsById([advisory])).get(advisory)!.record;
  const index = new AdvisoryIndex([record], { now: new Date() });
  const requests: RevocationRequest[] = [];
  for (const row of rows) {
    const sbom = JSON.parse(row.normalized) as Sbom;
    const { findings, notEvaluable } = index.match(sbom.components);
    if (findings.length + notEvaluable.filter((x) => x.finding).length === 0) continue;
    for (const env of ['prod', 'staging'])
      requests.push({
        action: 'revoke',
        digest: row.artifact as Digest,
        env,
        cause: 'cve',
        advisory,
        reason: `CRITICAL ${advisory}`,
        actor: 'bench-rescan',
      });
  }
  const changes = await mc.revocationRepository.apply(requests);
  const seconds = (performance.now() - t0) / 1000;
  if (changes.length !== revoked.length)
    throw new Error(`the rescan revoked ${changes.length}, expected ${revoked.length}`);
  return seconds;
}

async function freshSchema(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `mc_bench_watch_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.toString(), drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

export async function run(): Promise<Record<string, unknown>> {
  const rescanAt = Number(process.env.MC_BENCH_WATCH_RESCAN ?? 10_000);
  const sqliteSizes = sizes(process.env.MC_BENCH_WATCH_SIZES, '1000,10000,100000');
  const pgUrl = process.env.MC_BENCH_DATABASE_URL ?? process.env.MC_TEST_DATABASE_URL;
  const pgSizes = sizes(process.env.MC_BENCH_WATCH_PG_SIZES, '1000,10000');
  const figures: Record<string, unknown> = {
    componentsPerDigest: COMPONENTS_PER_DIGEST,
    affectedShare: 0.01,
    environments: 2,
  };
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-watch-db-'));
  let sqlite: Scenario[];
  try {
    sqlite = await series(sqliteEngine(join(dir, 'mc.db')), sqliteSizes, rescanAt);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  figures.sqlite = sqlite;
  if (pgUrl) {
    const { url, drop } = await freshSchema(pgUrl);
    try {
      figures.postgres = await series(postgresEngine(url, 4), pgSizes, rescanAt);
    } finally {
      await drop();
    }
  } else figures.postgres = 'skipped: set MC_BENCH_DATABASE_URL (or MC_TEST_DATABASE_URL)';
  const headline = sqlite.find((s) => s.ratio !== undefined);
  figures.incrementalSeconds = headline?.incrementalSeconds;
  figures.rescanSeconds = headline?.rescanSeconds;
  figures.ratio = headline?.ratio;
  return figures;
}

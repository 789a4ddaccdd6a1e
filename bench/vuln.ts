/**
 * Vulnerability matching benchmark. Advisories: the real PyPI and Go
 * records in ../shared/osv-data. SBOMs: 200 × 500 generated components (vuln-lib-data.ts).
 * Ours: cold (load + index + first pass) and warm throughput. Warm passes match freshly generated
 * SBOMs (same distribution, a new seed each pass): re-running the cold pass's SBOMs would make every
 * component a memo hit and inflate the figure. Peer, same run, same records and the same fresh SBOMs:
 * @renovatebot/osv-offline 3.x lookups plus a straightforward range check, warm figure the median of
 * PEER_WARM_PASSES runs. Floor: a bare Map lookup of each component's (ecosystem, name). Every peer
 * candidate we drop is explained.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdvisories } from '../src/app/advisory-source.js';
import { AdvisoryIndex, type SchemeLookup } from '../src/vuln/matcher.js';
import { evaluateAffected } from '../src/vuln/range-evaluator.js';
import { isWithdrawn, type OsvRecord } from '../src/vuln/osv-record.js';
import { versionSchemeFor } from '../src/vuln/versioning/registry.js';
import { generateSboms, type BenchComponent } from './vuln-lib-data.js';
import { buildNedb, openPeer, type Peer } from './vuln-lib-peer.js';
import { explain, type Explanation } from './vuln-lib-explain.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const SBOMS = Number(process.env.MC_BENCH_VULN_SBOMS ?? 200);
const PER_SBOM = Number(process.env.MC_BENCH_VULN_COMPONENTS ?? 500);
const WARM_PASSES = 9;
const PEER_WARM_PASSES = 3;
const SEED = 20261122;

const schemeFor: SchemeLookup = versionSchemeFor;

function osvDir(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = join(process.env.MC_SHARED_DIR ?? join(root, '..', 'shared'), 'osv-data');
  if (!existsSync(dir)) throw new Error(`vuln bench needs ${dir} (set MC_SHARED_DIR)`);
  return dir;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeOurs(index: AdvisoryIndex, sboms: BenchComponent[][]): { ms: number; findings: number } {
  const t = performance.now();
  let findings = 0;
  for (const sbom of sboms) findings += index.match(sbom).findings.length;
  return { ms: performance.now() - t, findings };
}

/** Peer lookups plus a straightforward range check on each candidate (same orderings as ours). */
async function timePeer(peer: Peer, sboms: BenchComponent[][]): Promise<{ ms: number; affected: number }> {
  const t = performance.now();
  let affected = 0;
  for (const sbom of sboms) {
    for (const c of sbom) {
      const version = c.osvEcosystem === 'Go' ? c.version!.slice(1) : c.version!;
      for (const r of await peer.getVulnerabilities(c.osvEcosystem, c.osvName)) {
        if (r.withdrawn !== undefined) continue;
        const hit = (r.affected ?? []).some(
          (a) =>
            a.package?.name === c.osvName &&
            evaluateAffected(a, version, schemeFor(a.package.ecosystem)).status === 'affected',
        );
        if (hit) affected++;
      }
    }
  }
  return { ms: performance.now() - t, affected };
}

function timeFloor(keys: string[][], map: Map<string, unknown>): number {
  const t = performance.now();
  let hits = 0;
  for (const sbom of keys) for (const k of sbom) if (map.get(k) !== undefined) hits++;
  const ms = performance.now() - t;
  if (hits < 0) throw new Error('unreachable');
  return ms;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = osvDir();
  // Ours, cold: read + validate every record, build the index, first pass.
  const t0 = performance.now();
  const set = await loadAdvisories([dir]);
  const t1 = performance.now();
  const index = new AdvisoryIndex(set.records, { schemeFor, now: NOW });
  const t2 = performance.now();
  const sboms = generateSboms(set.records, SBOMS, PER_SBOM, SEED);
  const total = SBOMS * PER_SBOM;
  const cold = timeOurs(index, sboms);
  // Fresh SBOMs for every warm pass (generated outside the timers): same distribution, new seed.
  const fresh = Array.from({ length: WARM_PASSES }, (_, i) =>
    generateSboms(set.records, SBOMS, PER_SBOM, SEED + 1 + i),
  );
  // Ours without the per-purl memo (every component evaluated afresh, compiled index kept).
  const bare = new AdvisoryIndex(set.records, { schemeFor, now: NOW, memoSize: 0 });
  timeOurs(bare, sboms);
  const warmNoMemo = median(fresh.slice(0, 3).map((f) => timeOurs(bare, f).ms));

  // Floor: a bare Map lookup of each component's (ecosystem, name), keys prepared beforehand.
  const floorMap = new Map<string, unknown>();
  for (const r of set.records)
    for (const a of r.affected ?? []) if (a.package) floorMap.set(`${a.package.ecosystem}\u0000${a.package.name}`, r);
  // Warm ours and the floor interleaved, on the same fresh SBOMs, so load from other processes hits both alike.
  const warmRuns: number[] = [];
  const floorRuns: number[] = [];
  for (const f of fresh) {
    const keys = f.map((s) => s.map((c) => `${c.osvEcosystem}\u0000${c.osvName}`));
    warmRuns.push(timeOurs(index, f).ms);
    floorRuns.push(timeFloor(keys, floorMap));
  }
  const warm = median(warmRuns);
  const floor = median(floorRuns);

  // Peer on NeDB files built from the same records.
  const nedb = buildNedb(set.records);
  const peer = await openPeer(nedb);
  let explanation: Explanation;
  let peerCold: { ms: number; affected: number };
  let peerWarm: number;
  try {
    peerCold = await timePeer(peer, sboms);
    // The peer's warm figure: the median of several passes over fresh SBOMs, as ours.
    const w: number[] = [];
    for (const f of fresh.slice(0, PEER_WARM_PASSES)) w.push((await timePeer(peer, f)).ms);
    peerWarm = median(w);
    explanation = await explain(index, peer, sboms, schemeFor, (r: OsvRecord) => isWithdrawn(r, NOW));
  } finally {
    peer[Symbol.dispose]();
    rmSync(nedb, { recursive: true, force: true });
  }

  const perSec = (ms: number) => Math.round((total / ms) * 1000);
  const oursWarm = perSec(warm);
  const peerWarmPerSec = perSec(peerWarm);
  process.stderr.write(
    `vuln: candidate-by-candidate explanation against the peer:\n${JSON.stringify(explanation, null, 2)}\n`,
  );
  return {
    bench: 'vuln',
    records: set.records.length,
    skipped_records: set.skippedByReason,
    index_packages: index.packages,
    components: total,
    ours_load_ms: Math.round(t1 - t0),
    ours_index_ms: Math.round(t2 - t1),
    ours_cold_components_per_s: perSec(t2 - t0 + cold.ms),
    ours_first_pass_components_per_s: perSec(cold.ms),
    ours_warm_components_per_s: oursWarm,
    ours_warm_no_memo_components_per_s: perSec(warmNoMemo),
    ours_findings: cold.findings,
    peer: '@renovatebot/osv-offline@3.0.11',
    peer_cold_components_per_s: perSec(peerCold.ms),
    peer_warm_components_per_s: peerWarmPerSec,
    peer_warm_passes: PEER_WARM_PASSES,
    warm_passes: WARM_PASSES,
    peer_affected_after_range_check: peerCold.affected,
    floor_components_per_s: perSec(floor),
    explanation,
    ratio_no_memo: Math.round((perSec(warmNoMemo) / peerWarmPerSec) * 10) / 10,
    ratio: Math.round((oursWarm / peerWarmPerSec) * 10) / 10,
    ratio_vs_floor: Math.round((oursWarm / perSec(floor)) * 1000) / 1000,
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await run();
  process.stdout.write(JSON.stringify(figures) + '\n');
}

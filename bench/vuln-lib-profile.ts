/**
 * Profiling harness for the vuln benchmark (not a benchmark itself: run.ts skips `-lib` files).
 * Runs only our side of bench/vuln.ts — the same records, the same seeded SBOMs, a cold pass
 * then warm passes on fresh SBOMs, all generated before any timing — and profiles the warm
 * passes alone (the inspector's CPU profiler, started after the cold pass), so the profile sees
 * our matcher, not the loader, the generator or the peer.
 *   node --import tsx bench/vuln-lib-profile.ts [memo|nomemo] [out.cpuprofile]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadAdvisories } from '../src/app/advisory-source.js';
import { AdvisoryIndex } from '../src/vuln/matcher.js';
import { versionSchemeFor } from '../src/vuln/versioning/registry.js';
import { generateSboms } from './vuln-lib-data.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const SEED = 20261122;
const mode = process.argv[2] ?? 'memo';
const out = process.argv[3];
const dir = `${process.env.MC_SHARED_DIR ?? '../shared'}/osv-data`;
const set = await loadAdvisories([dir]);
const index = new AdvisoryIndex(set.records, {
  schemeFor: versionSchemeFor,
  now: NOW,
  ...(mode === 'nomemo' ? { memoSize: 0 } : {}),
});
const passes = Array.from({ length: 10 }, (_, i) => generateSboms(set.records, 200, 500, SEED + i));
const floorMap = new Map<string, unknown>();
for (const r of set.records)
  for (const a of r.affected ?? []) if (a.package) floorMap.set(`${a.package.ecosystem}\u0000${a.package.name}`, r);
const keys = passes.map((p) => p.map((s) => s.map((c) => `${c.osvEcosystem}\u0000${c.osvName}`)));
const session = new Session();
session.connect();
for (const [i, sboms] of passes.entries()) {
  if (i === 1 && out !== undefined) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const t = performance.now();
  let findings = 0;
  for (const s of sboms) findings += index.match(s).findings.length;
  const ms = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  const f = performance.now();
  let hits = 0;
  for (const s of keys[i]!) for (const k of s) if (floorMap.get(k) !== undefined) hits++;
  const floor = performance.now() - f;
  process.stdout.write(
    `pass ${i}: ${ms.toFixed(1)} ms (cpu ${((user + system) / 1000).toFixed(1)} ms), ${Math.round(100_000 / ms)}k components/s, ${findings} findings; floor ${floor.toFixed(1)} ms (${hits} hits): ${(floor / ms).toFixed(3)}\n`,
  );
}
if (out !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
}
session.disconnect();

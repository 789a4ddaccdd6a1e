/**
 * Deterministic SBOM generator for the vuln benchmark: real (ecosystem, name) pairs from the OSV
 * records, versions spread around their range events and `versions` lists, plus names that match
 * nothing. Seeded PRNG (mulberry32), so every run and both matchers see the same components.
 */
import type { Component } from '../src/domain/evidence.js';
import type { OsvRecord } from '../src/vuln/osv-record.js';
import { eventValue } from '../src/vuln/osv-record.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchComponent extends Component {
  /** OSV ecosystem and record name, for the peer query and the floor (not used by our matcher). */
  osvEcosystem: 'PyPI' | 'Go';
  osvName: string;
}

interface Pool {
  ecosystem: 'PyPI' | 'Go';
  name: string;
  versions: string[];
}

/** Versions near an event: the event itself, and small bumps either side. */
function around(v: string, rnd: () => number): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(v);
  if (m === null || m[4] !== '') return v;
  const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return v;
    case 1:
      return `${maj}.${min}.${pat + 1}`;
    case 2:
      return pat > 0 ? `${maj}.${min}.${pat - 1}` : min > 0 ? `${maj}.${min - 1}.9` : v;
    default:
      return `${maj}.${min + 1}.0`;
  }
}

export function packagePool(records: readonly OsvRecord[]): Pool[] {
  const byKey = new Map<string, Pool>();
  for (const r of records) {
    for (const a of r.affected ?? []) {
      const eco = a.package?.ecosystem;
      if (eco !== 'PyPI' && eco !== 'Go') continue;
      const key = `${eco}\u0000${a.package!.name}`;
      let p = byKey.get(key);
      if (p === undefined) byKey.set(key, (p = { ecosystem: eco, name: a.package!.name, versions: [] }));
      for (const range of a.ranges ?? [])
        if (range.type !== 'GIT')
          for (const e of range.events) if (eventValue(e) !== '0') p.versions.push(eventValue(e));
      for (const v of (a.versions ?? []).slice(0, 20)) p.versions.push(v);
    }
  }
  return [...byKey.values()]
    .filter((p) => p.versions.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.ecosystem < b.ecosystem ? -1 : 1));
}

function purlOf(ecosystem: 'PyPI' | 'Go', name: string, version: string): string {
  return ecosystem === 'PyPI'
    ? `pkg:pypi/${name.toLowerCase()}@${encodeURIComponent(version)}`
    : `pkg:golang/${name.split('/').map(encodeURIComponent).join('/')}@v${encodeURIComponent(version)}`;
}

/** `sboms` × `perSbom` components; `unmatchedShare` of them are names no advisory mentions. */
export function generateSboms(
  records: readonly OsvRecord[],
  sboms: number,
  perSbom: number,
  seed = 20261122,
  unmatchedShare = 0.2,
): BenchComponent[][] {
  const rnd = mulberry32(seed);
  const pool = packagePool(records);
  const out: BenchComponent[][] = [];
  for (let s = 0; s < sboms; s++) {
    const list: BenchComponent[] = [];
    for (let i = 0; i < perSbom; i++) {
      if (rnd() < unmatchedShare) {
        const eco = rnd() < 0.5 ? 'PyPI' : 'Go';
        const name =
          eco === 'PyPI'
            ? `nomatch-lib-${Math.floor(rnd() * 5000)}`
            : `example.com/nomatch/mod${Math.floor(rnd() * 5000)}`;
        const version = `${Math.floor(rnd() * 5)}.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 10)}`;
        list.push({
          name,
          version: eco === 'Go' ? `v${version}` : version,
          purl: purlOf(eco, name, version),
          licenses: [],
          hashes: {},
          osvEcosystem: eco,
          osvName: name,
        });
        continue;
      }
      const p = pool[Math.floor(rnd() * pool.length)]!;
      const version = around(p.versions[Math.floor(rnd() * p.versions.length)]!, rnd);
      list.push({
        name: p.name,
        version: p.ecosystem === 'Go' ? `v${version}` : version,
        purl: purlOf(p.ecosystem, p.name, version),
        licenses: [],
        hashes: {},
        osvEcosystem: p.ecosystem,
        osvName: p.name,
      });
    }
    out.push(list);
  }
  return out;
}

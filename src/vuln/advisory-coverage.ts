import type { Component } from '../domain/evidence.js';
import type { OsvRecord } from './osv-record.js';
import { componentIdentity, isIdentityProblem, splitEcosystem } from './package-identity.js';

/**
 * Which ecosystems the synced advisories speak for. An empty answer from matching means "not
 * affected" only when advisories of the component's ecosystem were synced at all: a mirror of
 * PyPI records says nothing about an npm package. A sync covers an ecosystem when its sources
 * held at least one record of it. Distribution ecosystems are covered per release (`Debian:12`),
 * since OSV publishes them per release (OSV schema §affected[].package.ecosystem).
 */
export type CoverageCounts = Record<string, number>;

/** The coverage key of an ecosystem and release: `npm`, `Debian:12`. */
function coverageKey(ecosystem: string, release: string | undefined): string {
  return release === undefined ? ecosystem : `${ecosystem}:${release}`;
}

/** Coverage keys of one record: `npm`, `PyPI`, `Debian:12`, `Alpine:v3.19` (Ubuntu Pro/LTS folded). */
function recordCoverageKeys(record: OsvRecord): Set<string> {
  const keys = new Set<string>();
  for (const a of record.affected ?? []) {
    const ecosystem = a.package?.ecosystem;
    if (typeof ecosystem !== 'string' || ecosystem === '') continue;
    const split = splitEcosystem(ecosystem);
    keys.add(coverageKey(split.ecosystem, split.release));
  }
  return keys;
}

/** Records per coverage key over everything a sync's sources held. */
export function countCoverage(records: Iterable<OsvRecord>): CoverageCounts {
  const counts: CoverageCounts = {};
  for (const r of records) for (const k of recordCoverageKeys(r)) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}

/** An ecosystem some sync covered: the records its latest covering sync held, and when. */
export interface EcosystemCoverage {
  ecosystem: string;
  records: number;
  firstSyncedAt: string;
  lastSyncedAt: string;
}

/** Pure: the ecosystems any of the syncs (oldest first) covered; coverage is never lost. */
export function coverageOf(syncs: ReadonlyArray<{ syncedAt: string; coverage: CoverageCounts }>): EcosystemCoverage[] {
  const byEcosystem = new Map<string, EcosystemCoverage>();
  for (const s of syncs) {
    for (const [ecosystem, records] of Object.entries(s.coverage)) {
      const seen = byEcosystem.get(ecosystem);
      if (seen === undefined)
        byEcosystem.set(ecosystem, { ecosystem, records, firstSyncedAt: s.syncedAt, lastSyncedAt: s.syncedAt });
      else Object.assign(seen, { records, lastSyncedAt: s.syncedAt });
    }
  }
  return [...byEcosystem.values()].sort((a, b) => a.ecosystem.localeCompare(b.ecosystem));
}

/**
 * The covered keys, ready for per-component look-ups: built once per advisory index. A component
 * naming no distribution release is matched against every release's records (as undecided), so
 * any covered release of its ecosystem covers it.
 */
export class CoveredEcosystems {
  private readonly keys: ReadonlySet<string>;
  private readonly withRelease = new Set<string>();

  constructor(keys: Iterable<string>) {
    this.keys = new Set(keys);
    for (const k of this.keys) {
      const colon = k.indexOf(':');
      if (colon > 0) this.withRelease.add(k.slice(0, colon));
    }
  }

  covers(ecosystem: string, release: string | undefined): boolean {
    return this.keys.has(coverageKey(ecosystem, release)) || (release === undefined && this.withRelease.has(ecosystem));
  }
}

/** Components whose ecosystem no synced source covered, grouped by the key they need. */
export interface UncoveredEcosystem {
  ecosystem: string;
  components: number;
  /** A few component names, for the message. */
  examples: string[];
}

const EXAMPLES = 3;

/**
 * Pure: the SBOM components whose vulnerability state is unknown because no synced source held a
 * record of their ecosystem. Components that cannot be keyed (bad purl, no OSV ecosystem, no purl)
 * are not counted here: the matcher reports those itself.
 */
export function uncoveredEcosystems(
  components: readonly Component[],
  covered: CoveredEcosystems,
): UncoveredEcosystem[] {
  const byKey = new Map<string, UncoveredEcosystem>();
  for (const c of components) {
    const id = componentIdentity(c);
    if (isIdentityProblem(id) || covered.covers(id.ecosystem, id.release)) continue;
    const needs = coverageKey(id.ecosystem, id.release);
    let entry = byKey.get(needs);
    if (entry === undefined) byKey.set(needs, (entry = { ecosystem: needs, components: 0, examples: [] }));
    entry.components++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(c.purl ?? c.name);
  }
  return [...byKey.values()].sort((a, b) => b.components - a.components || a.ecosystem.localeCompare(b.ecosystem));
}

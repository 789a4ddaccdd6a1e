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

/** Coverage keys of one record: `npm`, `PyPI`, `Debian:12`, `Alpine:v3.19` (Ubuntu Pro/LTS folded). */
export function recordCoverageKeys(record: OsvRecord): Set<string> {
  const keys = new Set<string>();
  for (const a of record.affected ?? []) {
    const ecosystem = a.package?.ecosystem;
    if (typeof ecosystem !== 'string' || ecosystem === '') continue;
    const split = splitEcosystem(ecosystem);
    keys.add(split.release === undefined ? split.ecosystem : `${split.ecosystem}:${split.release}`);
  }
  return keys;
}

/** Records per coverage key over everything a sync's sources held. */
export function countCoverage(records: Iterable<OsvRecord>): CoverageCounts {
  const counts: CoverageCounts = {};
  for (const r of records) for (const k of recordCoverageKeys(r)) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
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
  covered: ReadonlySet<string>,
): UncoveredEcosystem[] {
  const byKey = new Map<string, UncoveredEcosystem>();
  for (const c of components) {
    const id = componentIdentity(c);
    if (isIdentityProblem(id)) continue;
    const needs = id.release === undefined ? id.ecosystem : `${id.ecosystem}:${id.release}`;
    if (covered.has(needs) || (id.release === undefined && coversAnyRelease(covered, id.ecosystem))) continue;
    let entry = byKey.get(needs);
    if (entry === undefined) byKey.set(needs, (entry = { ecosystem: needs, components: 0, examples: [] }));
    entry.components++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(c.purl ?? c.name);
  }
  return [...byKey.values()].sort((a, b) => b.components - a.components || a.ecosystem.localeCompare(b.ecosystem));
}

/** A component naming no release is matched against every release's records (as undecided). */
function coversAnyRelease(covered: ReadonlySet<string>, ecosystem: string): boolean {
  for (const k of covered) if (k.startsWith(`${ecosystem}:`)) return true;
  return false;
}

import type { Digest } from '../domain/digest.js';
import type { Component, Finding } from '../domain/evidence.js';
import type { IndexedHit } from './component-index-repository.js';
import { AdvisoryIndex, type SchemeLookup } from './matcher.js';
import type { OsvRecord } from './osv-record.js';
import { splitEcosystem } from './package-identity.js';

/** One digest a record affects, as the vulnerabilities gate would see it (the finding it would report). */
export interface AdvisoryImpact {
  digest: Digest;
  finding: Finding;
  /** The record's package (OSV ecosystem without release, name): a bounded metric label. */
  package: { ecosystem: string; name: string };
}

/**
 * Which of the indexed components a record affects, decided by the same matcher every verify uses
 * (ranges per ecosystem, distro releases, undecided versions counted as affected), so the watch and
 * the gate can never disagree. `hits` come from the component index under the record's keys; a
 * withdrawn record affects nothing. One impact per digest: a decided finding before an undecided one.
 */
export function advisoryImpacts(
  record: OsvRecord,
  hits: readonly IndexedHit[],
  now: Date,
  options: { source?: string; schemeFor?: SchemeLookup } = {},
): AdvisoryImpact[] {
  if (hits.length === 0) return [];
  const index = new AdvisoryIndex([record], {
    now,
    source: options.source ?? 'mc watch',
    ...(options.schemeFor ? { schemeFor: options.schemeFor } : {}),
  });
  if (index.stats.records === 0) return [];
  const byDigest = new Map<Digest, Finding>();
  for (const hit of hits) {
    const component: Component = { ...hit.component, licenses: [], hashes: {} };
    const { findings, notEvaluable } = index.match([component]);
    const decided = findings.find((f) => f.advisoryId === record.id || f.aliases.includes(record.id));
    const undecided = notEvaluable.find((n) => n.finding?.advisoryId === record.id)?.finding;
    const finding = decided ?? undecided;
    if (finding === undefined) continue;
    const before = byDigest.get(hit.digest);
    if (before === undefined || (before.notEvaluable !== undefined && finding.notEvaluable === undefined))
      byDigest.set(hit.digest, { ...finding, advisoryId: record.id });
  }
  const pkg = record.affected?.find((a) => a.package !== undefined)?.package;
  const label = { ecosystem: splitEcosystem(pkg?.ecosystem ?? '').ecosystem, name: pkg?.name ?? '' };
  return [...byDigest].map(([digest, finding]) => ({ digest, finding, package: label }));
}

import type { Component, Finding } from '../domain/evidence.js';
import type { AdvisoryIndex, IndexStats, NotEvaluable } from '../vuln/matcher.js';

export interface VulnMatch {
  /** Matched findings and the findings that could not be decided (`notEvaluable` set); VEX not applied. */
  findings: Finding[];
  /** Components or advisories that could not be evaluated (unknown ecosystem, bad version, GIT range, …). */
  notEvaluable: NotEvaluable[];
}

/**
 * Pure: components × advisory index. An advisory that could not be decided for a component
 * (unparsable version, release missing) becomes a finding marked `notEvaluable`, which the
 * vulnerabilities gate counts as affected: doubt is never an allow. VEX is applied by the caller
 * over every source's findings (buildSnapshot; `mc vuln match`).
 */
export function matchComponents(index: AdvisoryIndex, components: readonly Component[]): VulnMatch {
  const result = index.match(components);
  const undecided = result.notEvaluable.flatMap((n) => (n.finding === undefined ? [] : [n.finding]));
  return { findings: [...result.findings, ...undecided], notEvaluable: result.notEvaluable };
}

/** The source of synced-advisory findings: the records the index holds (withdrawn ones excluded). */
export function osvSource(stats: IndexStats): string {
  return `osv:${stats.records} advisories`;
}

/** Findings not suppressed by VEX: what makes `mc vuln match` exit 1. */
export function openFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppressedBy === undefined);
}

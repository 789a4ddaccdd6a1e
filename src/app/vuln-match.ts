import type { Component, Finding } from '../domain/evidence.js';
import type { AdvisoryIndex, NotEvaluable } from '../vuln/matcher.js';
import { applyVex, type VexDocument, type VexOutcome } from '../vuln/vex.js';

export interface VulnMatch {
  /** Matched findings and the findings that could not be decided (`notEvaluable` set), VEX applied. */
  findings: Finding[];
  /** Components or advisories that could not be evaluated (unknown ecosystem, bad version, GIT range, …). */
  notEvaluable: NotEvaluable[];
  suppressed: number;
  unusableVex: VexOutcome['unusable'];
}

/**
 * Pure: components × advisory index, then VEX. An advisory that could not be decided for a
 * component (unparsable version, release missing) becomes a finding marked `notEvaluable`,
 * which the vulnerabilities gate counts as affected: doubt is never an allow.
 */
export function matchComponents(index: AdvisoryIndex, components: readonly Component[], vex: readonly VexDocument[]): VulnMatch {
  const result = index.match(components);
  const undecided = result.notEvaluable.flatMap((n) => (n.finding === undefined ? [] : [n.finding]));
  const outcome = applyVex([...result.findings, ...undecided], vex);
  return { findings: outcome.findings, notEvaluable: result.notEvaluable, suppressed: outcome.suppressed, unusableVex: outcome.unusable };
}

/** Findings not suppressed by VEX: what makes `mc vuln match` exit 1. */
export function openFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppressedBy === undefined);
}

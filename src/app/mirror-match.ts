import type { Clock } from '../domain/clock.js';
import type { Finding, Sbom, VexDocument } from '../domain/evidence.js';
import type { SkippedRecord } from '../vuln/advisory-set.js';
import {
  CoveredEcosystems,
  countCoverage,
  type UncoveredEcosystem,
  uncoveredEcosystems,
} from '../vuln/advisory-coverage.js';
import { AdvisoryIndex, type NotEvaluable } from '../vuln/matcher.js';
import { applyVex } from '../vuln/vex.js';
import { loadAdvisories } from './advisory-source.js';
import { checkSourcePath } from './input-file.js';
import { matchComponents, openFindings, osvSource } from './vuln-match.js';

/** What `mc vuln match` reports: findings (VEX applied), what could not be evaluated, what the mirror does not cover. */
export interface MirrorMatchResult {
  components: number;
  advisories: {
    records: number;
    withdrawn: number;
    skipped: number;
    skippedByReason: Record<string, number>;
    unknownEcosystems: Record<string, number>;
  };
  skippedRecords: SkippedRecord[];
  findings: Finding[];
  open: number;
  suppressed: number;
  notEvaluable: NotEvaluable[];
  unusableVex: Array<{ statement: string; reason: string }>;
  /** Components of ecosystems the mirror holds no record of: unknown, never clean. */
  uncoveredEcosystems: UncoveredEcosystem[];
}

/**
 * The store-less match of one SBOM against an OSV mirror (directories and all.zip archives), VEX
 * applied. The caller parsed the SBOM and VEX documents; the mirror is read here.
 */
export async function matchAgainstMirror(
  sbom: Sbom,
  vex: readonly VexDocument[],
  mirrorPaths: readonly string[],
  clock: Clock,
): Promise<MirrorMatchResult> {
  for (const p of mirrorPaths) checkSourcePath(p, 'advisory source');
  const set = await loadAdvisories(mirrorPaths);
  const index = new AdvisoryIndex(set.records, { now: clock(), source: osvSource });
  const matched = matchComponents(index, sbom.components);
  const vexed = applyVex(matched.findings, vex);
  return {
    components: sbom.components.length,
    advisories: {
      records: set.records.length,
      withdrawn: index.stats.withdrawn,
      skipped: set.skipped.length,
      skippedByReason: set.skippedByReason,
      unknownEcosystems: index.stats.unknownEcosystems,
    },
    skippedRecords: set.skipped,
    findings: vexed.findings,
    open: openFindings(vexed.findings).length,
    suppressed: vexed.suppressed,
    notEvaluable: matched.notEvaluable,
    unusableVex: vexed.unusable,
    uncoveredEcosystems: uncoveredEcosystems(
      sbom.components,
      new CoveredEcosystems(Object.keys(countCoverage(set.records))),
    ),
  };
}

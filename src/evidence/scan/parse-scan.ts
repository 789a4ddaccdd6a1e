import type { Finding } from '../../domain/evidence.js';
import { EvidenceError } from '../evidence-error.js';
import { isOsvScannerReport, osvScannerFindings } from './osv-scanner-report.js';
import { isSarifLog, sarifFindings } from './sarif-report.js';
import { isTrivyReport, trivyFindings } from './trivy-report.js';

export type ScanFormat = 'osv-scanner' | 'trivy' | 'sarif';

export interface ParsedScan {
  format: ScanFormat;
  /** The scanner every finding is tagged with: `osv-scanner`, `trivy`, or `sarif:<tool>` (first run). */
  scanner: string;
  findings: Finding[];
}

/** Which scan report format a parsed JSON document is, by its top-level shape. */
function detectScanFormat(doc: unknown): ScanFormat | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const o = doc as Record<string, unknown>;
  if (isSarifLog(o)) return 'sarif';
  if (isTrivyReport(o)) return 'trivy';
  if (isOsvScannerReport(o)) return 'osv-scanner';
  return undefined;
}

/** A parsed JSON document → findings, by its top-level shape. Attacker-controlled input. */
export function scanFromJson(doc: unknown): ParsedScan {
  const format = detectScanFormat(doc);
  if (format === undefined) {
    throw new EvidenceError('UNKNOWN_FORMAT', 'not an osv-scanner JSON, Trivy JSON or SARIF 2.1.0 report', {
      path: '/',
    });
  }
  const findings =
    format === 'sarif' ? sarifFindings(doc) : format === 'trivy' ? trivyFindings(doc) : osvScannerFindings(doc);
  const sarifTool = (doc as { runs?: Array<{ tool?: { driver?: { name?: string } } }> }).runs?.[0]?.tool?.driver?.name;
  return { format, scanner: format === 'sarif' ? `sarif:${sarifTool ?? 'unknown'}` : format, findings };
}

import type { Severity } from '../../domain/evidence.js';
import { rateSeverity, ratingFromScore } from '../../vuln/severity.js';

/**
 * A scanner's own severity word (Trivy, GHSA database_specific: `MODERATE` is GitHub's MEDIUM). The
 * word map is vuln/severity's for an OSV record's `database_specific.severity`, so scan findings and
 * advisories rate alike; Trivy's `UNKNOWN` is kept as it is.
 */
export function severityFromLabel(label: unknown): Severity | undefined {
  if (typeof label !== 'string') return undefined;
  if (label.toUpperCase() === 'UNKNOWN') return 'UNKNOWN';
  const rating = rateSeverity({ id: '', modified: '', database_specific: { severity: label } });
  return rating.source === 'database_specific' ? rating.severity : undefined;
}

/** A numeric CVSS base score given as a string ("7.5"), rated by the CVSS v3.1 §5 scale; anything else, or over 10, yields undefined. */
export function severityFromScoreText(text: unknown): Severity | undefined {
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  const score = Number(text);
  return score <= 10 ? ratingFromScore(score) : undefined;
}

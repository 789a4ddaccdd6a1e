import type { Severity } from '../../domain/evidence.js';

/** CVSS v3/v4 qualitative rating scale (CVSS v3.1 specification §5) for a numeric base score. */
export function severityFromScore(score: number): Severity | undefined {
  if (!Number.isFinite(score) || score < 0 || score > 10) return undefined;
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'NONE';
}

/** A scanner's own severity word (Trivy, GHSA database_specific: `MODERATE` is GitHub's MEDIUM). */
export function severityFromLabel(label: unknown): Severity | undefined {
  if (typeof label !== 'string') return undefined;
  const upper = label.toUpperCase();
  if (upper === 'MODERATE') return 'MEDIUM';
  return (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'] as const).find((s) => s === upper);
}

/** A numeric score given as a string ("7.5"); anything else yields undefined. */
export function severityFromScoreText(text: unknown): Severity | undefined {
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  return severityFromScore(Number(text));
}

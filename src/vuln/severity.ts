import cvss from 'ae-cvss-calculator';
import type { Severity } from '../domain/evidence.js';
import type { OsvAffected, OsvRecord, OsvSeverity } from './osv-record.js';

/**
 * Severity of an OSV record. CVSS vectors (OSV schema §severity: CVSS_V2, CVSS_V3, CVSS_V4) are
 * scored with ae-cvss-calculator and rated by the FIRST qualitative scale (CVSS v3.1 spec §5;
 * v2 has no NONE/CRITICAL band in NVD's use, so the same bands are applied to its base score).
 * Preference: v4 > v3.1 > v3.0 > v2 > database_specific.severity (GHSA `MODERATE` = MEDIUM);
 * none → UNKNOWN, and the gate's `unknown_severity` decides. Vectors are attacker-controlled
 * strings: a vector that does not score is skipped, never trusted as a number.
 */
export interface SeverityRating {
  severity: Severity;
  score?: number;
  /** Where the rating came from: `CVSS_V4`, `CVSS_V3.1`, `CVSS_V3.0`, `CVSS_V2`, `database_specific`, `none`. */
  source: string;
  vector?: string;
}

type Kind = 'CVSS_V4' | 'CVSS_V3.1' | 'CVSS_V3.0' | 'CVSS_V2';
const PREFERENCE: readonly Kind[] = ['CVSS_V4', 'CVSS_V3.1', 'CVSS_V3.0', 'CVSS_V2'];

export function ratingFromScore(score: number): Severity {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/** Base score of one vector, or undefined when it does not score (incomplete or garbage). */
export function scoreVector(type: string, vector: string): { kind: Kind; score: number } | undefined {
  if (vector.length > 300) return undefined;
  const kind = kindOf(type, vector);
  if (kind === undefined) return undefined;
  try {
    const calc =
      kind === 'CVSS_V4'
        ? new cvss.Cvss4P0(vector)
        : kind === 'CVSS_V3.1'
          ? new cvss.Cvss3P1(vector)
          : kind === 'CVSS_V3.0'
            ? new cvss.Cvss3P0(vector)
            : new cvss.Cvss2(vector);
    const base = calc.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? { kind, score: base } : undefined;
  } catch {
    return undefined;
  }
}

function kindOf(type: string, vector: string): Kind | undefined {
  if (type === 'CVSS_V4' && vector.startsWith('CVSS:4.0/')) return 'CVSS_V4';
  if (type === 'CVSS_V3' && vector.startsWith('CVSS:3.1/')) return 'CVSS_V3.1';
  if (type === 'CVSS_V3' && vector.startsWith('CVSS:3.0/')) return 'CVSS_V3.0';
  if (type === 'CVSS_V2' && /^\(?AV:/.test(vector)) return 'CVSS_V2';
  return undefined;
}

const TEXT: Record<string, Severity> = {
  CRITICAL: 'CRITICAL',
  HIGH: 'HIGH',
  MODERATE: 'MEDIUM',
  MEDIUM: 'MEDIUM',
  LOW: 'LOW',
  NONE: 'NONE',
};

/** Rates a record; `affected` severity (per package) wins over the record's when present (OSV schema §affected[].severity). */
export function rateSeverity(record: OsvRecord, affected?: OsvAffected): SeverityRating {
  const vectors: OsvSeverity[] = [...(affected?.severity ?? []), ...(record.severity ?? [])];
  let best: SeverityRating | undefined;
  let bestRank = PREFERENCE.length;
  for (const s of vectors) {
    if (typeof s?.score !== 'string' || typeof s.type !== 'string') continue;
    const scored = scoreVector(s.type, s.score);
    if (scored === undefined) continue;
    const rank = PREFERENCE.indexOf(scored.kind);
    if (rank < bestRank) {
      bestRank = rank;
      best = { severity: ratingFromScore(scored.score), score: scored.score, source: scored.kind, vector: s.score };
    }
  }
  if (best !== undefined) return best;
  for (const ds of [affected?.database_specific, record.database_specific]) {
    const text = ds?.severity;
    if (typeof text === 'string') {
      const sev = TEXT[text.toUpperCase()];
      if (sev !== undefined) return { severity: sev, source: 'database_specific' };
    }
  }
  return { severity: 'UNKNOWN', source: 'none' };
}

import type { Sbom } from '../domain/evidence.js';
import { EvidenceError } from './evidence-error.js';
import { DEFAULT_LIMITS, decodeText, parseJsonText, type EvidenceBytes, type InputLimits } from './evidence-input.js';
import { parseProvenance, type ParsedProvenance } from './provenance/parse-provenance.js';
import { detectSbomFormat, sbomFromJson } from './sbom/parse-sbom.js';
import { detectScanFormat, scanFromJson, type ParsedScan } from './scan/parse-scan.js';

/** The evidence kinds with a parser here (signatures and attestations are read by src/trust). */
export type ParseableKind = 'sbom' | 'provenance' | 'scan';

export interface SbomEvidence {
  kind: 'sbom';
  /** `cyclonedx-1.6`, `spdx-2.3`, … (EvidenceRecord.format) */
  format: string;
  sbom: Sbom;
}
export interface ProvenanceEvidence {
  kind: 'provenance';
  /** `in-toto-v1+slsa-v1`, … */
  format: string;
  provenance: ParsedProvenance;
}
export interface ScanEvidence {
  kind: 'scan';
  /** `osv-scanner`, `trivy`, `sarif` */
  format: string;
  scan: ParsedScan;
}
export type ParsedEvidence = SbomEvidence | ProvenanceEvidence | ScanEvidence;

export interface ParseOptions {
  limits?: InputLimits;
}

/**
 * The one entry point the ingest use case calls: bytes of a declared kind → typed parsed view, or an
 * EvidenceError (never anything else). Pure and synchronous; the caller stores the bytes it gave.
 */
export function parseEvidence(kind: 'sbom', bytes: EvidenceBytes, options?: ParseOptions): SbomEvidence;
export function parseEvidence(kind: 'provenance', bytes: EvidenceBytes, options?: ParseOptions): ProvenanceEvidence;
export function parseEvidence(kind: 'scan', bytes: EvidenceBytes, options?: ParseOptions): ScanEvidence;
export function parseEvidence(kind: ParseableKind, bytes: EvidenceBytes, options?: ParseOptions): ParsedEvidence;
export function parseEvidence(kind: ParseableKind, bytes: EvidenceBytes, options: ParseOptions = {}): ParsedEvidence {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (kind === 'provenance') {
    const provenance = parseProvenance(bytes, limits);
    return { kind, format: provenance.format, provenance };
  }
  const doc = parseJsonText(decodeText(bytes, limits));
  if (kind === 'sbom') {
    const sbom = sbomFromJson(doc);
    return { kind, format: `${sbom.format}-${sbom.specVersion}`, sbom };
  }
  if (kind === 'scan') {
    const scan = scanFromJson(doc);
    return { kind, format: scan.format, scan };
  }
  throw new EvidenceError('UNKNOWN_FORMAT', `no parser for evidence kind ${JSON.stringify(String(kind)).slice(0, 40)}`);
}

/**
 * What kind of evidence the bytes look like, from their marker fields only (no validation): for
 * `mc ingest` without an explicit kind. JSON Lines are judged by their first line.
 */
export function detectEvidenceKind(bytes: EvidenceBytes, limits: InputLimits = DEFAULT_LIMITS): ParseableKind {
  const text = decodeText(bytes, limits);
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (e) {
    const first = text.split('\n').find((l) => l.trim() !== '');
    if (first === undefined || first.length === text.length) throw e;
    doc = parseJsonText(first);
  }
  if (detectSbomFormat(doc) !== undefined) return 'sbom';
  if (detectScanFormat(doc) !== undefined) return 'scan';
  const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  if ('_type' in o || 'payloadType' in o || 'dsseEnvelope' in o || Array.isArray(o.attestations)) return 'provenance';
  throw new EvidenceError('UNKNOWN_FORMAT', 'not an SBOM, provenance or scan report we know', { path: '/' });
}

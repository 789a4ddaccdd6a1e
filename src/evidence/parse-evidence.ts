import type { Sbom } from '../domain/evidence.js';
import { EvidenceError } from './evidence-error.js';
import { DEFAULT_LIMITS, decodeText, parseJsonText, type EvidenceBytes, type InputLimits } from './evidence-input.js';
import { parseProvenance, type ParsedProvenance } from './provenance/parse-provenance.js';
import { sbomFromJson } from './sbom/parse-sbom.js';
import { scanFromJson, type ParsedScan } from './scan/parse-scan.js';

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

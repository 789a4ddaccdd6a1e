import { InputError } from '../domain/errors.js';
import type { EvidenceKind, Sbom } from '../domain/evidence.js';
import type { NormalizedEvidence } from '../domain/release.js';
import { parseTrustEvidence, trustEvidenceFields, type TrustEvidenceView } from '../trust/verify/trust-evidence.js';
import { parseVexEvidence, vexEvidenceFields, type VexEvidence } from '../vuln/vex-evidence.js';
import { DEFAULT_LIMITS, type EvidenceBytes, type InputLimits, parseJson } from './evidence-input.js';
import { parseProvenance, type ParsedProvenance } from './provenance/parse-provenance.js';
import { sbomFromJson } from './sbom/parse-sbom.js';
import { scanFromJson, type ParsedScan } from './scan/parse-scan.js';

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
/** A Sigstore bundle or DSSE envelope, read structurally: the trust verifier checks it at decision time. */
export interface TrustEvidence<K extends 'signature' | 'attestation' = 'signature' | 'attestation'> {
  kind: K;
  /** `sigstore-bundle-v0.3+slsa-v1`, `dsse-envelope+in-toto`, … */
  format: string;
  view: TrustEvidenceView;
}

/** What the store keeps beside the bytes of one piece of evidence (NewEvidence's parsed fields). */
export interface EvidenceRecordFields<K extends EvidenceKind = EvidenceKind> {
  format: string;
  mediaType: string;
  normalized: NormalizedEvidence[K];
  summary: string;
}

interface KindParser<K extends EvidenceKind, V> {
  /** Bytes of the declared kind → typed view, or a typed error (never anything else). */
  parse(bytes: EvidenceBytes, limits: InputLimits): V;
  record(view: V): EvidenceRecordFields<K>;
}

const asBytes = (bytes: EvidenceBytes): Uint8Array => (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
const trustKind = <K extends 'signature' | 'attestation'>(kind: K): KindParser<K, TrustEvidence<K>> => ({
  // Structural parse only (Sigstore bundle v0.1–v0.3 or DSSE), within the verifier's own size bound.
  parse: (bytes) => ({ kind, ...parseTrustEvidence(kind, asBytes(bytes)) }),
  record: trustEvidenceFields,
});

/**
 * The one evidence-kind dispatch table: kind → its parser and the fields stored beside its bytes.
 * Adding a kind is adding a row here (EvidenceKind makes the table incomplete until then).
 */
const PARSERS = {
  sbom: {
    parse: (bytes, limits): SbomEvidence => {
      const sbom = sbomFromJson(parseJson(bytes, limits));
      return { kind: 'sbom', format: `${sbom.format}-${sbom.specVersion}`, sbom };
    },
    record: ({ format, sbom }) => ({
      format,
      mediaType: sbom.format === 'cyclonedx' ? 'application/vnd.cyclonedx+json' : 'application/spdx+json',
      normalized: sbom,
      summary: `${sbom.components.length} components`,
    }),
  } satisfies KindParser<'sbom', SbomEvidence>,
  provenance: {
    parse: (bytes, limits): ProvenanceEvidence => {
      const provenance = parseProvenance(bytes, limits);
      return { kind: 'provenance', format: provenance.format, provenance };
    },
    record: ({ format, provenance }) => {
      // The normalized statements; envelopes and payload bytes stay in the stored blob for the verifier.
      const statements = provenance.entries.map((e) => ({ container: e.container, ...e.provenance }));
      const builders = [...new Set(statements.map((s) => s.builderId ?? '?'))].join(', ');
      return {
        format,
        mediaType: 'application/vnd.in-toto+json',
        normalized: { format, statements },
        summary: `${statements.length} statement(s), builder ${builders}`,
      };
    },
  } satisfies KindParser<'provenance', ProvenanceEvidence>,
  scan: {
    parse: (bytes, limits): ScanEvidence => {
      const scan = scanFromJson(parseJson(bytes, limits));
      return { kind: 'scan', format: scan.format, scan };
    },
    record: ({ format, scan }) => ({
      format,
      mediaType: format === 'sarif' ? 'application/sarif+json' : 'application/json',
      normalized: scan,
      summary: `${scan.findings.length} finding(s) from ${scan.scanner}`,
    }),
  } satisfies KindParser<'scan', ScanEvidence>,
  signature: trustKind('signature'),
  attestation: trustKind('attestation'),
  vex: { parse: parseVexEvidence, record: vexEvidenceFields } satisfies KindParser<'vex', VexEvidence>,
} as const;

type Parsers = typeof PARSERS;
/** The parsed view of evidence of kind K (`{ kind, format, sbom }`, `{ kind, format, provenance }`, …). */
export type EvidenceView<K extends EvidenceKind = EvidenceKind> = { [P in K]: ReturnType<Parsers[P]['parse']> }[K];

export interface ParseOptions {
  limits?: InputLimits;
}

function parserFor<K extends EvidenceKind>(kind: K): KindParser<K, EvidenceView<K>> {
  // Own keys only: a kind named like an Object.prototype member is no kind.
  if (!Object.hasOwn(PARSERS, kind)) {
    // Unreachable for a well-typed kind; the edges validate untyped input before this.
    throw new InputError(
      'EVIDENCE_KIND_INVALID',
      `unknown evidence kind ${JSON.stringify(String(kind)).slice(0, 40)}`,
      { path: 'kind' },
    );
  }
  return PARSERS[kind] as unknown as KindParser<K, EvidenceView<K>>;
}

/**
 * Bytes of a declared kind → typed parsed view, or a typed error (EvidenceError, or the
 * VerificationError / VulnError of the trust and VEX readers). Pure and synchronous.
 */
export function parseEvidence<K extends EvidenceKind>(
  kind: K,
  bytes: EvidenceBytes,
  options: ParseOptions = {},
): EvidenceView<K> {
  return parserFor(kind).parse(bytes, options.limits ?? DEFAULT_LIMITS);
}

/** The one entry point the ingest use case calls: bytes → what the store keeps beside them. */
export function parseEvidenceRecord<K extends EvidenceKind>(
  kind: K,
  bytes: EvidenceBytes,
  options: ParseOptions = {},
): EvidenceRecordFields<K> {
  const parser = parserFor(kind);
  return parser.record(parser.parse(bytes, options.limits ?? DEFAULT_LIMITS));
}

import type { EvidenceKind, Finding, Sbom } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { parseSbom } from '../evidence/sbom/parse-sbom.js';

/** A parsed piece of evidence, as the store keeps it beside its bytes. */
export interface ParsedEvidence {
  format: string;
  mediaType: string;
  normalized: unknown;
  summary: string;
  /** Findings it reports (scan reports). */
  findings?: Finding[];
}

/** The ingest side's view of the evidence parsers (src/evidence): one entry per kind. */
export function parseEvidenceFor(kind: EvidenceKind, bytes: Uint8Array): ParsedEvidence {
  switch (kind) {
    case 'sbom': {
      const sbom: Sbom = parseSbom(bytes);
      return {
        format: `${sbom.format}-${sbom.specVersion.replace(/^SPDX-/, '')}`,
        mediaType: sbom.format === 'cyclonedx' ? 'application/vnd.cyclonedx+json' : 'application/spdx+json',
        normalized: sbom,
        summary: `${sbom.components.length} components`,
      };
    }
    default:
      throw new InputError('EVIDENCE_KIND_UNSUPPORTED', `evidence kind "${kind}" cannot be ingested by this build yet`, { kind: 'unsupported', path: 'kind' });
  }
}

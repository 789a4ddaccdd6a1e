import type { EvidenceKind, Finding, Sbom } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { parseSbom } from '../evidence/sbom/parse-sbom.js';
import { parseEvidence } from '../evidence/parse-evidence.js';
import { trustEvidenceRecord } from '../trust/trust-evidence.js';
import { vexEvidenceRecord } from './vex-evidence.js';

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
    case 'provenance': {
      const { format, provenance } = parseEvidence('provenance', bytes);
      // The normalized statements; envelopes and payload bytes stay in the stored blob for the verifier.
      const statements = provenance.entries.map((e) => ({ container: e.container, ...e.provenance }));
      const builders = [...new Set(statements.map((s) => s.builderId ?? '?'))].join(', ');
      return { format, mediaType: 'application/vnd.in-toto+json', normalized: { format, statements }, summary: `${statements.length} statement(s), builder ${builders}` };
    }
    case 'scan': {
      const { format, scan } = parseEvidence('scan', bytes);
      return { format, mediaType: format === 'sarif' ? 'application/sarif+json' : 'application/json', normalized: scan, summary: `${scan.findings.length} finding(s) from ${scan.scanner}`, findings: scan.findings };
    }
    case 'signature':
    case 'attestation':
      // Structural parse only (Sigstore bundle v0.1–v0.3 or DSSE); the trust provider verifies at decision time.
      return trustEvidenceRecord(kind, bytes);
    case 'vex':
      return vexEvidenceRecord(bytes);
    default:
      throw new InputError('EVIDENCE_KIND_UNSUPPORTED', `evidence kind "${kind}" cannot be ingested by this build yet`, { kind: 'unsupported', path: 'kind' });
  }
}

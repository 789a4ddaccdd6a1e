import type { EvidenceKind } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { parseEvidence } from '../evidence/parse-evidence.js';
import { trustEvidenceRecord } from '../trust/trust-evidence.js';
import { vexEvidenceRecord } from './vex-evidence.js';

/** A parsed piece of evidence, as the store keeps it beside its bytes. */
export interface ParsedEvidence {
  format: string;
  mediaType: string;
  normalized: unknown;
  summary: string;
}

/** The ingest side's view of the evidence parsers (src/evidence): one entry per kind. */
export function parseEvidenceFor(kind: EvidenceKind, bytes: Uint8Array): ParsedEvidence {
  switch (kind) {
    case 'sbom': {
      const { format, sbom } = parseEvidence('sbom', bytes);
      return {
        format,
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
      return { format, mediaType: format === 'sarif' ? 'application/sarif+json' : 'application/json', normalized: scan, summary: `${scan.findings.length} finding(s) from ${scan.scanner}` };
    }
    case 'signature':
    case 'attestation':
      // Structural parse only (Sigstore bundle v0.1–v0.3 or DSSE); the trust provider verifies at decision time.
      return trustEvidenceRecord(kind, bytes);
    case 'vex':
      return vexEvidenceRecord(bytes);
    default:
      // Unreachable for a well-typed kind; callers validate untyped input before this.
      throw new InputError('EVIDENCE_KIND_INVALID', `unknown evidence kind "${String(kind)}"`, { path: 'kind' });
  }
}

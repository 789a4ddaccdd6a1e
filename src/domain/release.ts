import type { Decision } from './decision.js';
import type { Digest } from './digest.js';
import type { EvidenceKind, Finding, Provenance, Sbom, VexDocument } from './evidence.js';
import type { Revocation } from './revocation.js';

/**
 * What the store keeps beside a document's bytes, per kind: the parsers' normalized view, written
 * at ingest. Signatures and attestations are verified from their bytes at every decision, so
 * their view is informational only.
 */
export interface NormalizedEvidence {
  sbom: Sbom;
  provenance: { format: string; statements: Array<Provenance & { container?: string }> };
  scan: { format: string; scanner: string; findings: Finding[] };
  vex: VexDocument;
  signature: unknown;
  attestation: unknown;
}

/** A document to store for an artifact, with its parsed view. */
export interface NewEvidence {
  artifact: Digest;
  name?: string;
  parents?: Digest[];
  kind: EvidenceKind;
  bytes: Uint8Array;
  mediaType: string;
  format: string;
  normalized: unknown;
  summary?: string;
  /** Who ingested it (the principal's label): the actor of its ledger entry; `mc` when absent. */
  actor?: string;
}

interface StoredEvidenceOf<K extends EvidenceKind> {
  kind: K;
  sha256: Digest;
  format: string;
  summary: string | null;
  normalized: NormalizedEvidence[K];
  createdAt: string;
}

/** A stored document; narrowing on `kind` types its normalized view (no casts at the use sites). */
export type StoredEvidence = { [K in EvidenceKind]: StoredEvidenceOf<K> }[EvidenceKind];

export interface ArtifactView {
  digest: Digest;
  name: string | null;
  createdAt: string;
  parents: Digest[];
  children: Digest[];
  evidence: Array<Omit<StoredEvidence, 'normalized'>>;
  revocations: Revocation[];
}

export interface RecordedDecision {
  id: number;
  inputsKey: string;
  decision: Decision;
}

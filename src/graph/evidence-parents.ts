import type { Digest } from '../domain/digest.js';
import type { EvidenceKind } from '../domain/evidence.js';
import type { NormalizedEvidence } from '../domain/release.js';

/** A piece of evidence as ingest parsed it: its kind and normalized view. */
export interface ParsedEvidenceView {
  kind: EvidenceKind;
  normalized: unknown;
}

/**
 * The lineage parents the evidence of `artifact` names, beside the ones given explicitly
 * (`--parent`): SLSA provenance build inputs that carry a sha256 digest (v1
 * `buildDefinition.resolvedDependencies`, v0.2 `materials`: a base image, a builder image) and
 * the SBOM's OCI annotation `org.opencontainers.image.base.digest`. Git sources carry a commit,
 * not a sha256 of content, and name no artifact. The artifact itself and its own subjects are
 * left out: a statement about an image names that image as its subject, not as its parent.
 * Deduplicated, in the order found.
 */
export function parentsFromEvidence(artifact: Digest, views: readonly ParsedEvidenceView[]): Digest[] {
  const found = new Set<Digest>();
  for (const v of views) {
    if (v.kind === 'sbom') {
      const base = (v.normalized as NormalizedEvidence['sbom']).baseDigest;
      if (base) found.add(base);
    }
    if (v.kind !== 'provenance') continue;
    for (const s of (v.normalized as NormalizedEvidence['provenance']).statements) {
      const subjects = new Set(s.subjects.map((x) => x.digest.sha256?.toLowerCase()));
      for (const m of s.materials) {
        const hex = m.digest.sha256?.toLowerCase();
        if (hex === undefined || !/^[0-9a-f]{64}$/.test(hex) || subjects.has(hex)) continue;
        found.add(`sha256:${hex}`);
      }
    }
  }
  found.delete(artifact);
  return [...found];
}

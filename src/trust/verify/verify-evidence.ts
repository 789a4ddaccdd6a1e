import type { VerifiedSignature } from '../../domain/evidence.js';
import type { ArtifactRef } from './artifact-ref.js';
import { decodeBundle, MAX_BUNDLE_BYTES } from './bundle-reader.js';
import { verifyBundle } from './bundle-verifier.js';
import { COSIGN_SIGNATURE_MEDIA_TYPE, verifyCosignSignature } from './cosign-signature.js';
import { verifyDsseAttestation } from './dsse-verifier.js';
import { readEnvelope, readJsonDocument } from './evidence-reading.js';
import type { TrustMaterialSet, VerificationRequirements } from '../material/trust-material.js';
import { VerificationError } from '../verification-error.js';

/** Trust to verify evidence with: pinned material plus what it must satisfy. */
export interface EvidenceTrust {
  trust: TrustMaterialSet;
  requirements: VerificationRequirements;
}

export type EvidenceFormat = 'sigstore-bundle' | 'dsse-envelope' | 'cosign-simple-signing';

/** Tells a Sigstore bundle from a plain DSSE envelope by its top-level fields (attacker-controlled JSON). */
function detectEvidenceFormat(json: unknown): EvidenceFormat {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    // cosign's `.sig` layout, stored as its payload beside an equivalent bundle (cosign-signature.ts).
    if (o.mediaType === COSIGN_SIGNATURE_MEDIA_TYPE) return 'cosign-simple-signing';
    if (typeof o.mediaType === 'string' && o.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
      return 'sigstore-bundle';
    if ('payloadType' in o && 'signatures' in o) return 'dsse-envelope';
  }
  throw new VerificationError(
    'BUNDLE_MALFORMED',
    'neither a Sigstore bundle (mediaType) nor a DSSE envelope (payloadType, signatures)',
    { path: '' },
  );
}

/** Evidence bytes → JSON and its container, parsed once for both detection and decoding. */
export function readEvidence(bytes: Uint8Array): { format: EvidenceFormat; json: unknown } {
  const json = readJsonDocument(
    bytes,
    MAX_BUNDLE_BYTES,
    'BUNDLE_MALFORMED',
    'evidence (a Sigstore bundle or DSSE envelope)',
  );
  return { format: detectEvidenceFormat(json), json };
}

/**
 * Verifies one piece of signature or attestation evidence for ingest. Without `artifact` the result
 * records what the evidence covers (subjectDigests) and the gates compare that with the artifact;
 * with it, a signature over another artifact is rejected here already.
 */
export function verifyEvidence(
  bytes: Uint8Array,
  kind: 'signature' | 'attestation',
  trust: EvidenceTrust,
  now: Date,
  artifact?: ArtifactRef,
): VerifiedSignature {
  const { format, json } = readEvidence(bytes);
  const verified =
    format === 'sigstore-bundle'
      ? verifyBundle(decodeBundle(json), artifact, trust.trust, trust.requirements, now)
      : format === 'cosign-simple-signing'
        ? verifyCosignSignature(json as Record<string, unknown>, artifact, (bundle, signed) =>
            verifyBundle(bundle, signed, trust.trust, trust.requirements, now),
          )
        : verifyDsseAttestation(readEnvelope(json), artifact, trust.trust, trust.requirements, now);
  if (kind === 'attestation' && verified.kind !== 'attestation') {
    throw new VerificationError(
      'EVIDENCE_KIND_MISMATCH',
      'expected an attestation (in-toto statement in DSSE), got a message signature',
    );
  }
  return verified;
}

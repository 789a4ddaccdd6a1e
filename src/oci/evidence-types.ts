import type { EvidenceKind } from '../domain/evidence.js';

/**
 * What a referrer's artifact type says its content is. `bundle` is a Sigstore bundle, which is a
 * signature or an attestation depending on what it holds (message signature vs DSSE). Types not
 * listed here are not guessed at: the caller reports them as unknown.
 */
export type ReferrerClass =
  | Exclude<EvidenceKind, 'signature' | 'attestation' | 'provenance' | 'vex'>
  | 'attestation'
  | 'bundle';

const BY_TYPE: ReadonlyMap<string, ReferrerClass> = new Map([
  ['application/vnd.cyclonedx+json', 'sbom'],
  ['application/spdx+json', 'sbom'],
  ['application/vnd.in-toto+json', 'attestation'],
  ['application/vnd.dsse.envelope.v1+json', 'attestation'],
  ['application/vnd.dev.sigstore.bundle.v0.3+json', 'bundle'],
  ['application/vnd.dev.sigstore.bundle+json;version=0.3', 'bundle'],
  ['application/sarif+json', 'scan'],
  // osv-scanner has no registered media type; these are the spellings OCI tooling attaches its JSON with.
  ['application/vnd.osv-scanner+json', 'scan'],
  ['application/vnd.google.osv-scanner+json', 'scan'],
] as const);

/** The class of an artifact type (media-type parameters other than `version` and case are ignored). */
export function classifyArtifactType(type: string | undefined): ReferrerClass | undefined {
  if (type === undefined) return undefined;
  const t = type.toLowerCase().replace(/\s+/g, '');
  return BY_TYPE.get(t) ?? BY_TYPE.get(t.split(';')[0]!);
}

/** cosign's layer media types and annotations (sigstore/cosign pkg/oci/static, pkg/types). */
export const COSIGN = {
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  signatureAnnotation: 'dev.cosignproject.cosign/signature',
  certificateAnnotation: 'dev.sigstore.cosign/certificate',
  chainAnnotation: 'dev.sigstore.cosign/chain',
  bundleAnnotation: 'dev.sigstore.cosign/bundle',
  rfc3161Annotation: 'dev.sigstore.cosign/timestamp',
  dsse: 'application/vnd.dsse.envelope.v1+json',
  predicateTypeAnnotation: 'predicateType',
  /** `cosign attach sbom --type …` layer media types that carry JSON mc reads. */
  sbomTypes: ['application/vnd.cyclonedx+json', 'text/spdx+json', 'application/spdx+json'],
} as const;

/** Docker buildx attestation manifests inside an image index (buildkit docs "attestation storage"). */
export const BUILDX = {
  referenceType: 'vnd.docker.reference.type',
  attestationManifest: 'attestation-manifest',
  referenceDigest: 'vnd.docker.reference.digest',
  inTotoLayer: 'application/vnd.in-toto+json',
  predicateTypeAnnotation: 'in-toto.io/predicate-type',
} as const;

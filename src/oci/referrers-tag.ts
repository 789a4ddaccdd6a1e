import type { Digest } from '../domain/digest.js';
import { MEDIA } from './media-types.js';
import type { Descriptor, Manifest } from './oci-manifest.js';

/**
 * The referrers tag schema (OCI distribution-spec 1.1 "Referrers Tag Schema"): on a registry
 * without the referrers API, the referrers of `<alg>:<ref>` are listed in an image index tagged
 * `<alg>-<ref>` (truncated to 128 characters), which pushers maintain.
 */
export function referrersTag(subject: Digest): string {
  return subject.replace(':', '-').slice(0, 128);
}

/** cosign's own tags beside an image (cosign `ociremote`): signatures, attestations, SBOMs. */
export function cosignTag(subject: Digest, suffix: 'sig' | 'att' | 'sbom'): string {
  return `${subject.replace(':', '-')}.${suffix}`;
}

/** The descriptor a referrers list carries for a referrer manifest (artifactType and annotations copied up). */
export function referrerDescriptor(m: Manifest): Descriptor {
  const d: Descriptor = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
  const type = m.artifactType ?? (m.kind === 'manifest' ? m.config.mediaType : undefined);
  if (type !== undefined) d.artifactType = type;
  if (m.annotations !== undefined) d.annotations = m.annotations;
  return d;
}

/** The referrers tag index with `add` in it (replaced if already listed): what a pusher PUTs back. */
export function withReferrer(existing: readonly Descriptor[], add: Descriptor): Uint8Array {
  const manifests = [...existing.filter((d) => d.digest !== add.digest), add];
  return new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }));
}

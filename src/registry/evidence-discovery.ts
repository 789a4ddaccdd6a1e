import type { Digest } from '../domain/digest.js';
import { isDigest } from '../domain/digest.js';
import type { EvidenceKind } from '../domain/evidence.js';
import { readEvidenceContent } from '../oci/evidence-content.js';
import { BUILDX, classifyArtifactType, COSIGN } from '../oci/evidence-types.js';
import { artifactTypeOf, type Descriptor, type Manifest } from '../oci/oci-manifest.js';
import { cosignTag } from '../oci/referrers-tag.js';
import { RegistryError } from '../oci/registry-error.js';
import { listReferrers } from './referrers.js';
import type { RegistryClient } from './registry-client.js';

/** One piece of evidence pulled from the registry, verified against its digest, not yet parsed. */
export interface PulledEvidence {
  /** The image (or platform image) it is about. */
  subject: Digest;
  kind: EvidenceKind;
  bytes: Uint8Array;
  /** Where it was found: `referrer sha256:… application/spdx+json`, `cosign sha256-….att`, `buildx attestation …`. */
  source: string;
}

/** A cosign simple-signing signature as cosign stores it: payload blob plus layer annotations. */
export interface CosignSignatureLayer {
  subject: Digest;
  payload: Uint8Array;
  /** base64 signature over the payload (annotation dev.cosignproject.cosign/signature). */
  signature: string;
  certificate?: string;
  chain?: string;
  /** The Rekor bundle JSON (annotation dev.sigstore.cosign/bundle). */
  rekorBundle?: string;
  source: string;
}

/** A referrer whose type mc does not read: listed, never guessed at. */
export interface UnknownReferrer {
  subject: Digest;
  digest: Digest;
  artifactType?: string;
  source: string;
  reason: string;
}

export interface Discovery {
  subject: Digest;
  mediaType: string;
  /** How referrers were listed (a registry without the referrers API → the tag schema). */
  referrersVia: 'api' | 'tag-schema';
  evidence: PulledEvidence[];
  cosignSignatures: CosignSignatureLayer[];
  unknown: UnknownReferrer[];
  /** For an index: its platform images (evidence on the index covers them). */
  children: Array<{ digest: Digest; platform?: string }>;
}

export interface DiscoveryLimits {
  /** Largest evidence blob pulled (the evidence parsers' own limit by default). */
  maxBlobBytes: number;
  /** Most referrers read per subject: a registry listing thousands is refused, not walked. */
  maxReferrers: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = { maxBlobBytes: 128 * 1024 * 1024, maxReferrers: 500 };

/**
 * Finds every piece of evidence a registry holds for an image: OCI referrers (API, or the tag
 * schema), cosign's `.sig`/`.att`/`.sbom` tags, and for an index its buildx attestation manifests
 * and the same for each platform image. Every manifest and blob is verified against its digest.
 */
export async function discoverEvidence(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  limits: DiscoveryLimits = DEFAULT_DISCOVERY_LIMITS,
): Promise<Discovery> {
  const manifest = await client.getManifest(repository, subject);
  const out: Discovery = {
    subject,
    mediaType: manifest.mediaType,
    referrersVia: 'api',
    evidence: [],
    cosignSignatures: [],
    unknown: [],
    children: [],
  };
  out.referrersVia = await collect(client, repository, subject, limits, out);
  if (manifest.kind === 'index') {
    const children = new Set(manifest.manifests.map((d) => d.digest));
    for (const d of manifest.manifests) {
      if (d.annotations?.[BUILDX.referenceType] === BUILDX.attestationManifest) {
        await buildxAttestation(client, repository, d, children, limits, out);
        continue;
      }
      const platform =
        d.platform === undefined
          ? undefined
          : [d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('/');
      out.children.push({ digest: d.digest, ...(platform === undefined ? {} : { platform }) });
      await collect(client, repository, d.digest, limits, out);
    }
  }
  return out;
}

async function collect(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  limits: DiscoveryLimits,
  out: Discovery,
) {
  const list = await listReferrers(client, repository, subject);
  if (list.descriptors.length > limits.maxReferrers)
    throw new RegistryError(
      'RESPONSE_TOO_LARGE',
      `${client.what(repository, subject)}: ${list.descriptors.length} referrers, over the limit of ${limits.maxReferrers}`,
    );
  for (const d of list.descriptors) await referrer(client, repository, subject, d, list.via, limits, out);
  await cosignTags(client, repository, subject, limits, out);
  return list.via;
}

async function referrer(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  d: Descriptor,
  via: 'api' | 'tag-schema',
  limits: DiscoveryLimits,
  out: Discovery,
) {
  let m: Manifest;
  try {
    m = await client.getManifest(repository, d.digest);
  } catch (e) {
    // The tag schema is written by pushers, not the registry: an entry may point at nothing.
    if (e instanceof RegistryError && e.code === 'NOT_FOUND' && via === 'tag-schema')
      throw new RegistryError(
        'REFERRERS_TAG_MISSING_MANIFEST',
        `${client.what(repository, subject)}: the referrers tag index lists ${d.digest}, which the registry does not have`,
      );
    throw e;
  }
  if (m.subject !== undefined && m.subject.digest !== subject)
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.what(repository, m.digest)}: listed as a referrer of ${subject} but its subject is ${m.subject.digest}`,
    );
  const type = artifactTypeOf(m) ?? d.artifactType;
  const source = `referrer ${m.digest}${type === undefined ? '' : ` ${type}`}`;
  const cls = classifyArtifactType(type);
  if (cls === undefined || m.kind !== 'manifest') {
    out.unknown.push({
      subject,
      digest: m.digest,
      ...(type === undefined ? {} : { artifactType: type }),
      source,
      reason: cls === undefined ? 'artifact type mc does not read' : 'an index, not a manifest',
    });
    return;
  }
  for (const layer of m.layers) {
    const bytes = await client.getBlob(repository, layer.digest, limits.maxBlobBytes);
    const read = readEvidenceContent(cls, bytes);
    if (read.kind === undefined)
      out.unknown.push({
        subject,
        digest: m.digest,
        ...(type === undefined ? {} : { artifactType: type }),
        source,
        reason: read.reason,
      });
    else out.evidence.push({ subject, kind: read.kind, bytes: read.bytes, source: `${source} layer ${layer.digest}` });
  }
}

async function optionalManifest(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<Manifest | undefined> {
  try {
    return await client.getManifest(repository, tag);
  } catch (e) {
    if (e instanceof RegistryError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** cosign's tag scheme (cosign `ociremote`): `sha256-<hex>.sig`, `.att`, `.sbom` beside the image. */
async function cosignTags(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  limits: DiscoveryLimits,
  out: Discovery,
) {
  const sig = await optionalManifest(client, repository, cosignTag(subject, 'sig'));
  const source = (s: string) => `cosign ${cosignTag(subject, s as 'sig')}`;
  for (const layer of sig?.kind === 'manifest' ? sig.layers : []) {
    const a = layer.annotations ?? {};
    const signature = a[COSIGN.signatureAnnotation];
    if (layer.mediaType !== COSIGN.simpleSigning || signature === undefined) {
      out.unknown.push({
        subject,
        digest: layer.digest,
        artifactType: layer.mediaType,
        source: source('sig'),
        reason: 'a .sig layer that is not a simple-signing payload with a signature',
      });
      continue;
    }
    const payload = await client.getBlob(repository, layer.digest, limits.maxBlobBytes);
    out.cosignSignatures.push({
      subject,
      payload,
      signature,
      ...(a[COSIGN.certificateAnnotation] ? { certificate: a[COSIGN.certificateAnnotation] } : {}),
      ...(a[COSIGN.chainAnnotation] ? { chain: a[COSIGN.chainAnnotation] } : {}),
      ...(a[COSIGN.bundleAnnotation] ? { rekorBundle: a[COSIGN.bundleAnnotation] } : {}),
      source: `${source('sig')} layer ${layer.digest}`,
    });
  }
  const att = await optionalManifest(client, repository, cosignTag(subject, 'att'));
  for (const layer of att?.kind === 'manifest' ? att.layers : []) {
    if (layer.mediaType !== COSIGN.dsse) {
      out.unknown.push({
        subject,
        digest: layer.digest,
        artifactType: layer.mediaType,
        source: source('att'),
        reason: 'an .att layer that is not a DSSE envelope',
      });
      continue;
    }
    const bytes = await client.getBlob(repository, layer.digest, limits.maxBlobBytes);
    out.evidence.push({ subject, kind: 'attestation', bytes, source: `${source('att')} layer ${layer.digest}` });
  }
  const sbom = await optionalManifest(client, repository, cosignTag(subject, 'sbom'));
  for (const layer of sbom?.kind === 'manifest' ? sbom.layers : []) {
    if (!(COSIGN.sbomTypes as readonly string[]).includes(layer.mediaType)) {
      out.unknown.push({
        subject,
        digest: layer.digest,
        artifactType: layer.mediaType,
        source: source('sbom'),
        reason: 'an SBOM format mc does not read (JSON SPDX and CycloneDX only)',
      });
      continue;
    }
    const bytes = await client.getBlob(repository, layer.digest, limits.maxBlobBytes);
    out.evidence.push({ subject, kind: 'sbom', bytes, source: `${source('sbom')} layer ${layer.digest}` });
  }
}

/** A buildx attestation manifest: in-toto layers about the platform image it names. */
async function buildxAttestation(
  client: RegistryClient,
  repository: string,
  d: Descriptor,
  children: ReadonlySet<string>,
  limits: DiscoveryLimits,
  out: Discovery,
) {
  const about = d.annotations?.[BUILDX.referenceDigest];
  if (!isDigest(about) || !children.has(about))
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.what(repository, d.digest)}: buildx attestation manifest names ${JSON.stringify(String(about).slice(0, 80))}, not an image of this index`,
    );
  const m = await client.getManifest(repository, d.digest);
  if (m.kind !== 'manifest')
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.what(repository, d.digest)}: a buildx attestation is not an image manifest`,
    );
  const source = `buildx attestation ${d.digest}`;
  for (const layer of m.layers) {
    if (layer.mediaType !== BUILDX.inTotoLayer) {
      out.unknown.push({
        subject: about,
        digest: layer.digest,
        artifactType: layer.mediaType,
        source,
        reason: 'a buildx attestation layer that is not in-toto JSON',
      });
      continue;
    }
    const bytes = await client.getBlob(repository, layer.digest, limits.maxBlobBytes);
    const read = readEvidenceContent('attestation', bytes);
    if (read.kind === undefined)
      out.unknown.push({
        subject: about,
        digest: layer.digest,
        artifactType: layer.annotations?.[BUILDX.predicateTypeAnnotation] ?? layer.mediaType,
        source,
        reason: read.reason,
      });
    else
      out.evidence.push({
        subject: about,
        kind: read.kind,
        bytes: read.bytes,
        source: `${source} layer ${layer.digest}`,
      });
  }
}

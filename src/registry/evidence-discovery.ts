import type { Digest } from '../domain/digest.js';
import { readEvidenceContent } from '../oci/evidence-content.js';
import { BUILDX, classifyArtifactType, COSIGN } from '../oci/evidence-types.js';
import { artifactTypeOf, type Descriptor, type Manifest } from '../oci/oci-manifest.js';
import { RegistryError } from '../oci/registry-error.js';
import { buildxAttestation } from './buildx-attestation.js';
import { cosignTags, simpleSigningLayers } from './cosign-tags.js';
import { BlobBudget, DEFAULT_DISCOVERY_LIMITS, type Discovery, type DiscoveryLimits } from './discovered-evidence.js';
import { listReferrers } from './referrers.js';
import type { RegistryClient } from './registry-client.js';

export type { CosignSignatureLayer, Discovery, PulledEvidence, UnknownReferrer } from './discovered-evidence.js';

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
  const budget = new BlobBudget(limits);
  out.referrersVia = await collect(client, repository, subject, budget, out);
  if (manifest.kind === 'index') {
    const children = new Set(manifest.manifests.map((d) => d.digest));
    for (const d of manifest.manifests) {
      if (d.annotations?.[BUILDX.referenceType] === BUILDX.attestationManifest) {
        await buildxAttestation(client, repository, d, children, budget, out);
        continue;
      }
      const platform =
        d.platform === undefined
          ? undefined
          : [d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('/');
      out.children.push({ digest: d.digest, ...(platform === undefined ? {} : { platform }) });
      await collect(client, repository, d.digest, budget, out);
    }
  }
  return out;
}

async function collect(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  limits: BlobBudget,
  out: Discovery,
) {
  const list = await listReferrers(client, repository, subject);
  if (list.descriptors.length > limits.limits.maxReferrers)
    throw new RegistryError(
      'RESPONSE_TOO_LARGE',
      `${client.what(repository, subject)}: ${list.descriptors.length} referrers, over the limit of ${limits.limits.maxReferrers}`,
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
  limits: BlobBudget,
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
  // cosign's signature manifest pushed as a referrer: told by its layers' own media type, not guessed.
  if (m.kind === 'manifest' && m.layers.some((l) => l.mediaType === COSIGN.simpleSigning))
    return simpleSigningLayers(client, repository, subject, m, source, limits, out);
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
    const bytes = await limits.pull(client, repository, layer.digest);
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

import type { Digest } from '../domain/digest.js';
import { COSIGN } from '../oci/evidence-types.js';
import type { ImageManifest, Manifest } from '../oci/oci-manifest.js';
import { cosignTag } from '../oci/referrers-tag.js';
import { RegistryError } from '../oci/registry-error.js';
import type { BlobBudget, Discovery } from './discovered-evidence.js';
import type { RegistryClient } from './registry-client.js';

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
export async function cosignTags(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  limits: BlobBudget,
  out: Discovery,
) {
  const sig = await optionalManifest(client, repository, cosignTag(subject, 'sig'));
  const source = (s: string) => `cosign ${cosignTag(subject, s as 'sig')}`;
  if (sig?.kind === 'manifest') await simpleSigningLayers(client, repository, subject, sig, source('sig'), limits, out);
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
    const bytes = await limits.pull(client, repository, layer.digest);
    const a = layer.annotations ?? {};
    const signer = {
      ...(a[COSIGN.certificateAnnotation] ? { certificate: a[COSIGN.certificateAnnotation] } : {}),
      ...(a[COSIGN.chainAnnotation] ? { chain: a[COSIGN.chainAnnotation] } : {}),
      ...(a[COSIGN.bundleAnnotation] ? { rekorBundle: a[COSIGN.bundleAnnotation] } : {}),
      ...(a[COSIGN.rfc3161Annotation] ? { timestamp: a[COSIGN.rfc3161Annotation] } : {}),
    };
    out.evidence.push({
      subject,
      kind: 'attestation',
      bytes,
      source: `${source('att')} layer ${layer.digest}`,
      ...(Object.keys(signer).length > 0 ? { cosign: signer } : {}),
    });
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
    const bytes = await limits.pull(client, repository, layer.digest);
    out.evidence.push({ subject, kind: 'sbom', bytes, source: `${source('sbom')} layer ${layer.digest}` });
  }
}

/**
 * The simple-signing layers of a cosign signature manifest (the `.sig` tag, or the same manifest
 * pushed as an OCI 1.1 referrer): the payload blob and the signature, certificate, chain and Rekor
 * bundle annotations of each layer.
 */
export async function simpleSigningLayers(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  m: ImageManifest,
  source: string,
  limits: BlobBudget,
  out: Discovery,
) {
  for (const layer of m.layers) {
    const a = layer.annotations ?? {};
    const signature = a[COSIGN.signatureAnnotation];
    if (layer.mediaType !== COSIGN.simpleSigning || signature === undefined) {
      out.unknown.push({
        subject,
        digest: layer.digest,
        artifactType: layer.mediaType,
        source,
        reason: 'a cosign signature layer that is not a simple-signing payload with a signature',
      });
      continue;
    }
    const payload = await limits.pull(client, repository, layer.digest);
    out.cosignSignatures.push({
      subject,
      payload,
      signature,
      ...(a[COSIGN.certificateAnnotation] ? { certificate: a[COSIGN.certificateAnnotation] } : {}),
      ...(a[COSIGN.chainAnnotation] ? { chain: a[COSIGN.chainAnnotation] } : {}),
      ...(a[COSIGN.bundleAnnotation] ? { rekorBundle: a[COSIGN.bundleAnnotation] } : {}),
      ...(a[COSIGN.rfc3161Annotation] ? { timestamp: a[COSIGN.rfc3161Annotation] } : {}),
      source: `${source} layer ${layer.digest}`,
    });
  }
}

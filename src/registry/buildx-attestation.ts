import { isDigest } from '../domain/digest.js';
import { readEvidenceContent } from '../oci/evidence-content.js';
import { BUILDX } from '../oci/evidence-types.js';
import type { Descriptor } from '../oci/oci-manifest.js';
import { RegistryError } from '../oci/registry-error.js';
import type { BlobBudget, Discovery } from './discovered-evidence.js';
import type { RegistryClient } from './registry-client.js';

/** A buildx attestation manifest: in-toto layers about the platform image it names. */
export async function buildxAttestation(
  client: RegistryClient,
  repository: string,
  d: Descriptor,
  children: ReadonlySet<string>,
  limits: BlobBudget,
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
    const bytes = await limits.pull(client, repository, layer.digest);
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

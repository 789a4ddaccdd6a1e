// Images and evidence in the exact layouts their tools write: cosign's `.sig` (simple signing),
// `.att` (DSSE) and `.sbom` tags, OCI 1.1 referrers with subject/artifactType, and a buildx
// multi-platform index with an attestation manifest. Keys are real (node:crypto P-256).
import { createHash, type KeyObject, sign } from 'node:crypto';
import type { Digest } from '../../src/domain/digest.js';
import type { RegistryClient } from '../../src/registry/registry-client.js';
import { preAuthEncoding } from '../../src/trust/verify/dsse-pae.js';

export const enc = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
export const digestOf = (b: Uint8Array): Digest => `sha256:${createHash('sha256').update(b).digest('hex')}`;
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf(enc('{}')), size: 2 };

export const desc = (mediaType: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) => ({
  mediaType,
  digest: digestOf(bytes),
  size: bytes.length,
  ...extra,
});

/** Pushes blobs and a manifest; returns the manifest's digest and bytes. */
export async function push(
  client: RegistryClient,
  repo: string,
  manifest: Record<string, unknown>,
  blobs: Uint8Array[],
  tag?: string,
): Promise<{ digest: Digest; bytes: Buffer }> {
  for (const b of blobs) if (!(await client.hasBlob(repo, digestOf(b)))) await client.uploadBlob(repo, b);
  const bytes = enc(manifest);
  const mediaType = String(manifest.mediaType);
  await client.putManifest(repo, tag ?? digestOf(bytes), bytes, mediaType);
  return { digest: digestOf(bytes), bytes };
}

/** A small single-platform OCI image (a config and one layer of text). */
export async function pushImage(client: RegistryClient, repo: string, tag: string, content = 'hello'): Promise<Digest> {
  const config = enc({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} });
  const layer = enc(content);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: desc('application/vnd.oci.image.config.v1+json', config),
    layers: [desc('application/vnd.oci.image.layer.v1.tar', layer)],
  };
  return (await push(client, repo, manifest, [config, layer], tag)).digest;
}

/** cosign's simple-signing payload for an image digest. */
export function simpleSigningPayload(reference: string, image: Digest): Buffer {
  return enc({
    critical: {
      identity: { 'docker-reference': reference },
      image: { 'docker-manifest-digest': image },
      type: 'cosign container image signature',
    },
    optional: null,
  });
}

/** cosign's `.sig` image: a config naming the payload and one simple-signing layer with the signature annotation. */
export function cosignSigManifest(payload: Buffer, signature: string, extra: Record<string, string> = {}) {
  const config = enc({
    architecture: '',
    created: '0001-01-01T00:00:00Z',
    history: [{ created: '0001-01-01T00:00:00Z' }],
    os: '',
    rootfs: { type: 'layers', diff_ids: [digestOf(payload)] },
    config: {},
  });
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: desc('application/vnd.oci.image.config.v1+json', config),
    layers: [
      desc('application/vnd.dev.cosign.simplesigning.v1+json', payload, {
        annotations: { 'dev.cosignproject.cosign/signature': signature, ...extra },
      }),
    ],
  };
  return { manifest, blobs: [config, payload] };
}

/** Signs as `cosign sign --key` does: ECDSA P-256 with SHA-256 over the payload bytes. */
export const cosignSign = (key: KeyObject, payload: Buffer): string => sign('sha256', payload, key).toString('base64');

/** A key-signed DSSE envelope over an in-toto statement about `image` (cosign attest --key layout). */
export function dsseAttestation(key: KeyObject, image: Digest, predicateType: string, predicate: unknown): Buffer {
  const statement = enc({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'image', digest: { sha256: image.slice(7) } }],
    predicateType,
    predicate,
  });
  const payloadType = 'application/vnd.in-toto+json';
  const sig = sign('sha256', preAuthEncoding(payloadType, statement), key);
  return enc({
    payloadType,
    payload: statement.toString('base64'),
    signatures: [{ keyid: '', sig: sig.toString('base64') }],
  });
}

/** cosign's `.att` image: DSSE layers with the predicateType annotation. */
export function cosignAttManifest(envelopes: Buffer[], predicateType: string) {
  const config = enc({
    architecture: '',
    os: '',
    rootfs: { type: 'layers', diff_ids: envelopes.map(digestOf) },
    config: {},
  });
  return {
    manifest: {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: desc('application/vnd.oci.image.config.v1+json', config),
      layers: envelopes.map((e) =>
        desc('application/vnd.dsse.envelope.v1+json', e, {
          annotations: { 'dev.cosignproject.cosign/signature': '', predicateType },
        }),
      ),
    },
    blobs: [config, ...envelopes],
  };
}

/** An OCI 1.1 referrer: empty config, artifactType, one layer, subject. */
export function referrerManifest(
  subject: { digest: Digest; size: number; mediaType: string },
  artifactType: string,
  content: Buffer,
) {
  return {
    manifest: {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: EMPTY,
      layers: [desc(artifactType, content)],
      subject,
      annotations: { 'org.opencontainers.image.created': '2026-11-30T00:00:00Z' },
    },
    blobs: [enc('{}'), content],
  };
}

export const cyclonedxSbom = (name: string) =>
  enc({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    components: [
      { type: 'library', 'bom-ref': `pkg:npm/${name}@1.0.0`, name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` },
    ],
  });

export const spdxSbom = (name: string) =>
  enc({
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://example.test/${name}`,
    creationInfo: { created: '2026-11-30T00:00:00Z', creators: ['Tool: buildkit'] },
    packages: [
      { SPDXID: 'SPDXRef-Package-a', name: 'left-pad', versionInfo: '1.3.0', downloadLocation: 'NOASSERTION' },
    ],
  });

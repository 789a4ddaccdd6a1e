import { createHash } from 'node:crypto';
import { isDigest, type Digest } from '../domain/digest.js';
import { isImageManifestType, isIndexType, MAX_MANIFEST_BYTES, MEDIA } from './media-types.js';
import { excerpt, RegistryError } from './registry-error.js';

/** An OCI content descriptor (image-spec descriptor.md), as far as mc reads it. */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
}

interface ManifestCommon {
  /** The media type the manifest is read as (body field, else the Content-Type it was served with). */
  mediaType: string;
  /** sha256 of the exact bytes served: the manifest's identity. */
  digest: Digest;
  bytes: Uint8Array;
  artifactType?: string;
  subject?: Descriptor;
  annotations?: Record<string, string>;
}
export interface ImageManifest extends ManifestCommon {
  kind: 'manifest';
  config: Descriptor;
  layers: Descriptor[];
}
export interface ImageIndex extends ManifestCommon {
  kind: 'index';
  manifests: Descriptor[];
}
export type Manifest = ImageManifest | ImageIndex;

export const sha256Digest = (bytes: Uint8Array): Digest => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Reads a manifest a registry served (attacker-controlled bytes). The size limit holds before
 * parsing, the digest of the exact bytes must equal the digest asked for (OCI distribution-spec:
 * a client pulling by digest MUST verify it), schema 1 is refused (its digest is not a content
 * digest and it carries no descriptors), and an index may not list itself.
 */
export function parseManifest(
  bytes: Uint8Array,
  contentType: string | undefined,
  where: string,
  expected?: Digest,
): Manifest {
  if (bytes.length > MAX_MANIFEST_BYTES)
    throw new RegistryError(
      'MANIFEST_TOO_LARGE',
      `${where}: manifest is ${bytes.length} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`,
    );
  const digest = sha256Digest(bytes);
  if (expected !== undefined && digest !== expected)
    throw new RegistryError(
      'MANIFEST_DIGEST_MISMATCH',
      `${where}: the manifest served hashes to ${digest}, not ${expected}`,
    );
  const invalid = (why: string): never => {
    throw new RegistryError('MANIFEST_INVALID', `${where}: ${why}`);
  };
  const header = (contentType ?? '').split(';')[0]!.trim();
  if (header === MEDIA.dockerSchema1 || header === MEDIA.dockerSchema1Signed) schema1(where);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new RegistryError(
      'RESPONSE_NOT_JSON',
      `${where}: the manifest is not JSON (Content-Type ${excerpt(header)})`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return invalid('the manifest is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.schemaVersion === 1 || o.mediaType === MEDIA.dockerSchema1 || o.mediaType === MEDIA.dockerSchema1Signed)
    schema1(where);
  if (o.schemaVersion !== 2) invalid(`schemaVersion is ${excerpt(String(o.schemaVersion))}, not 2`);
  if (o.mediaType !== undefined && typeof o.mediaType !== 'string') invalid('mediaType is not a string');
  const mediaType = (o.mediaType as string | undefined) ?? header;
  if (o.mediaType !== undefined && header !== '' && header !== mediaType && isKnown(header))
    invalid(`served as ${header} but the manifest says ${excerpt(mediaType)}`);
  const common: ManifestCommon = { mediaType, digest, bytes };
  if (o.artifactType !== undefined) common.artifactType = str(o.artifactType, 'artifactType', invalid);
  if (o.subject !== undefined) common.subject = descriptor(o.subject, 'subject', invalid, where);
  if (o.annotations !== undefined) common.annotations = annotations(o.annotations, 'annotations', invalid);
  const isIndex = isIndexType(mediaType) || (mediaType === '' && Array.isArray(o.manifests) && !('layers' in o));
  if (isIndex) {
    if (!Array.isArray(o.manifests)) return invalid('an index without a manifests array');
    const manifests = o.manifests.map((d, i) => descriptor(d, `manifests[${i}]`, invalid, where));
    // A self-listing index would send a walker round forever (attacker-controlled).
    if (manifests.some((m) => m.digest === digest))
      throw new RegistryError('INDEX_SELF_REFERENCE', `${where}: the index ${digest} lists itself`);
    return { ...common, mediaType: mediaType || MEDIA.ociIndex, kind: 'index', manifests };
  }
  if (mediaType !== '' && !isImageManifestType(mediaType))
    throw new RegistryError(
      'MANIFEST_UNSUPPORTED',
      `${where}: manifest media type ${excerpt(mediaType)} is not one mc reads`,
    );
  if (!Array.isArray(o.layers)) return invalid('a manifest without a layers array');
  return {
    ...common,
    mediaType: mediaType || MEDIA.ociManifest,
    kind: 'manifest',
    config: descriptor(o.config, 'config', invalid, where),
    layers: o.layers.map((d, i) => descriptor(d, `layers[${i}]`, invalid, where)),
  };
}

const isKnown = (t: string) => isIndexType(t) || isImageManifestType(t);

function schema1(where: string): never {
  throw new RegistryError(
    'MANIFEST_UNSUPPORTED',
    `${where}: Docker image manifest schema 1 is not supported (deprecated; push with a current client to get schema 2 or OCI)`,
  );
}

const str = (v: unknown, field: string, invalid: (why: string) => never): string =>
  typeof v === 'string' ? v : invalid(`${field} is not a string`);

function annotations(v: unknown, field: string, invalid: (why: string) => never): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return invalid(`${field} is not an object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = str(val, `${field}.${k}`, invalid);
  return out;
}

function descriptor(v: unknown, field: string, invalid: (why: string) => never, where: string): Descriptor {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return invalid(`${field} is not a descriptor object`);
  const o = v as Record<string, unknown>;
  const mediaType = str(o.mediaType, `${field}.mediaType`, invalid);
  if (!isDigest(o.digest)) {
    // sha512 is legal OCI but no registry mc meets serves it; refuse rather than skip verification.
    throw new RegistryError(
      'MANIFEST_UNSUPPORTED',
      `${where}: ${field}.digest ${excerpt(String(o.digest))} is not sha256:<64 hex>`,
    );
  }
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0)
    return invalid(`${field}.size is not a size`);
  const d: Descriptor = { mediaType, digest: o.digest, size: o.size };
  if (o.artifactType !== undefined) d.artifactType = str(o.artifactType, `${field}.artifactType`, invalid);
  if (o.annotations !== undefined) d.annotations = annotations(o.annotations, `${field}.annotations`, invalid);
  if (typeof o.platform === 'object' && o.platform !== null) {
    const p = o.platform as Record<string, unknown>;
    d.platform = { architecture: String(p.architecture ?? ''), os: String(p.os ?? '') };
    if (typeof p.variant === 'string') d.platform.variant = p.variant;
  }
  return d;
}

/** The artifact type of a referrer (image-spec manifest.md: artifactType, else config.mediaType). */
export function artifactTypeOf(m: Manifest): string | undefined {
  if (m.artifactType !== undefined) return m.artifactType;
  return m.kind === 'manifest' && m.config.mediaType !== MEDIA.ociEmpty ? m.config.mediaType : undefined;
}

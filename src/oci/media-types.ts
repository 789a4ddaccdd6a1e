/** Media types of the OCI Image Spec 1.1 and the Docker Registry HTTP API v2 (image-spec media-types.md). */
export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** Schema 1 (signed and unsigned): deprecated, its digests are not content digests; refused. */
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** What mc asks for on every manifest GET/HEAD: the four manifest types it reads (no schema 1). */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerManifestList, MEDIA.dockerManifest];

export const isIndexType = (t: string): boolean => t === MEDIA.ociIndex || t === MEDIA.dockerManifestList;
export const isImageManifestType = (t: string): boolean => t === MEDIA.ociManifest || t === MEDIA.dockerManifest;

/** Manifests larger than this are refused (distribution's own default limit, OCI distribution-spec §pull). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

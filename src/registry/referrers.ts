import type { Digest } from '../domain/digest.js';
import { nextLink } from '../oci/link-header.js';
import { MAX_MANIFEST_BYTES, MEDIA } from '../oci/media-types.js';
import { parseManifest, type Descriptor, type Manifest } from '../oci/oci-manifest.js';
import { referrerDescriptor, referrersTag, withReferrer } from '../oci/referrers-tag.js';
import { RegistryError } from '../oci/registry-error.js';
import { readLimited, statusError } from './registry-body.js';
import { pull, type RegistryClient } from './registry-client.js';

export interface ReferrerList {
  /** `api`: the registry's referrers API; `tag-schema`: the `sha256-<hex>` index pushers maintain. */
  via: 'api' | 'tag-schema';
  descriptors: Descriptor[];
}

const MAX_PAGES = 100;

/**
 * The referrers of a subject (OCI distribution-spec 1.1 "Listing Referrers"): the referrers API
 * when the registry has it; on 404 the spec's fallback, the referrers tag schema. `artifactType`
 * filters; a registry that did not apply the filter (no `OCI-Filters-Applied`) is filtered here.
 */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  artifactType?: string,
): Promise<ReferrerList> {
  const what = `${client.what(repository, subject)} (referrers)`;
  const descriptors: Descriptor[] = [];
  let url: string | undefined =
    `/v2/${repository}/referrers/${subject}${artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`}`;
  let filtered = false;
  for (let page = 0; url !== undefined; page++) {
    if (page >= MAX_PAGES) throw new RegistryError('RESPONSE_TOO_LARGE', `${what}: more than ${MAX_PAGES} pages`);
    const res = await client.http.send({
      method: 'GET',
      url,
      headers: { accept: MEDIA.ociIndex },
      scopes: [pull(repository)],
      what,
    });
    if (res.status === 404 && page === 0) {
      await res.body?.cancel();
      return fromTagSchema(client, repository, subject, artifactType);
    }
    if (res.status !== 200) throw await statusError(res, what);
    filtered = (res.headers.get('oci-filters-applied') ?? '')
      .split(',')
      .map((s) => s.trim())
      .includes('artifactType');
    const link = nextLink(res.headers.get('link'));
    const bytes = await readLimited(res, MAX_MANIFEST_BYTES, what, 'MANIFEST_TOO_LARGE');
    const index = parseManifest(bytes, res.headers.get('content-type') ?? MEDIA.ociIndex, what);
    if (index.kind !== 'index')
      throw new RegistryError('REGISTRY_PROTOCOL', `${what}: the referrers answer is not an image index`);
    descriptors.push(...index.manifests);
    url = link === undefined ? undefined : client.http.resolve(link, what).href;
  }
  return { via: 'api', descriptors: filtered ? descriptors : byType(descriptors, artifactType) };
}

async function fromTagSchema(
  client: RegistryClient,
  repository: string,
  subject: Digest,
  artifactType?: string,
): Promise<ReferrerList> {
  const index = await tagIndex(client, repository, subject);
  return { via: 'tag-schema', descriptors: byType(index?.manifests ?? [], artifactType) };
}

/** The referrers tag index, or undefined when the tag does not exist. */
async function tagIndex(client: RegistryClient, repository: string, subject: Digest) {
  let index: Manifest;
  try {
    index = await client.getManifest(repository, referrersTag(subject));
  } catch (e) {
    if (e instanceof RegistryError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
  if (index.kind !== 'index')
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.what(repository, referrersTag(subject))}: the referrers tag is not an image index`,
    );
  return index;
}

const byType = (ds: Descriptor[], type: string | undefined) =>
  type === undefined ? ds : ds.filter((d) => d.artifactType === type);

/**
 * Pushes a referrer manifest (one with `subject`) by digest. A registry with the referrers API
 * says so with `OCI-Subject`; otherwise the pusher maintains the referrers tag index, as the spec
 * asks ("Pushing Manifests with Subject"). Idempotent: a referrer already listed is replaced by itself.
 */
export async function pushReferrer(
  client: RegistryClient,
  repository: string,
  manifest: Manifest,
): Promise<'api' | 'tag-schema'> {
  if (manifest.subject === undefined)
    throw new RegistryError(
      'MANIFEST_INVALID',
      `${client.what(repository, manifest.digest)}: a referrer needs a subject`,
    );
  const subjectHeader = await putWithSubject(client, repository, manifest);
  if (subjectHeader !== null) return 'api';
  const existing = await tagIndex(client, repository, manifest.subject.digest);
  const bytes = withReferrer(existing?.manifests ?? [], referrerDescriptor(manifest));
  await client.putManifest(repository, referrersTag(manifest.subject.digest), bytes, MEDIA.ociIndex);
  return 'tag-schema';
}

async function putWithSubject(client: RegistryClient, repository: string, manifest: Manifest): Promise<string | null> {
  const what = client.what(repository, manifest.digest);
  const res = await client.http.send({
    method: 'PUT',
    url: `/v2/${repository}/manifests/${manifest.digest}`,
    headers: { 'content-type': manifest.mediaType },
    body: manifest.bytes,
    scopes: [`repository:${repository}:pull,push`],
    what,
  });
  if (res.status !== 201 && res.status !== 200) throw await statusError(res, what);
  await res.body?.cancel();
  return res.headers.get('oci-subject');
}

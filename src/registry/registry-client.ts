import { createHash } from 'node:crypto';
import { isDigest, type Digest } from '../domain/digest.js';
import { MANIFEST_ACCEPT, MAX_MANIFEST_BYTES } from '../oci/media-types.js';
import { parseManifest, sha256Digest, type Manifest } from '../oci/oci-manifest.js';
import { excerpt, RegistryError } from '../oci/registry-error.js';
import { readLimited, statusError } from './registry-body.js';
import { RegistryHttp, type RegistryHttpOptions } from './registry-http.js';

/** Default chunk for chunked uploads (distribution accepts any size; 5 MiB keeps S3-backed registries happy). */
const DEFAULT_CHUNK = 5 * 1024 * 1024;

/**
 * The OCI distribution API (OCI Distribution Spec 1.1 / Docker Registry HTTP API v2) for one
 * registry: manifests, blobs, tags, uploads and mounts. Everything it returns was verified
 * against its digest; everything it refuses is a RegistryError naming the reference.
 */
export class RegistryClient {
  readonly http: RegistryHttp;

  constructor(options: RegistryHttpOptions) {
    this.http = new RegistryHttp(options);
  }

  get registry(): string {
    return this.http.registry;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  what(repository: string, reference?: string): string {
    const base = `${this.registry}/${repository}`;
    if (reference === undefined) return base;
    return isDigest(reference) ? `${base}@${reference}` : `${base}:${reference}`;
  }

  /** HEAD a manifest: the digest the registry resolves a tag (or digest) to, without downloading it. */
  async resolve(repository: string, reference: string): Promise<{ digest: Digest; mediaType: string; size: number }> {
    const what = this.what(repository, reference);
    const res = await this.http.send({
      method: 'HEAD',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      scopes: [pull(repository)],
      what,
    });
    if (res.status !== 200) throw await statusError(res, what);
    await res.body?.cancel();
    const digest = res.headers.get('docker-content-digest') ?? undefined;
    const mediaType = res.headers.get('content-type') ?? '';
    const size = Number(res.headers.get('content-length') ?? 0);
    if (digest !== undefined && isDigest(digest)) return { digest, mediaType, size };
    // Docker-Content-Digest is optional (OCI distribution-spec): hash what a GET serves instead.
    const m = await this.getManifest(repository, reference);
    return { digest: m.digest, mediaType: m.mediaType, size: m.bytes.length };
  }

  /** GET a manifest; by digest the bytes must hash to it, by tag to the Docker-Content-Digest the registry claims. */
  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const what = this.what(repository, reference);
    const res = await this.http.send({
      method: 'GET',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      scopes: [pull(repository)],
      what,
    });
    if (res.status !== 200) throw await statusError(res, what);
    const bytes = await readLimited(res, MAX_MANIFEST_BYTES, what, 'MANIFEST_TOO_LARGE');
    const claimed = res.headers.get('docker-content-digest');
    const expected = isDigest(reference) ? reference : claimed !== null && isDigest(claimed) ? claimed : undefined;
    return parseManifest(bytes, res.headers.get('content-type') ?? undefined, what, expected);
  }

  /** Whether a manifest exists (a 404 is `false`; other failures throw). */
  async hasManifest(repository: string, reference: string): Promise<boolean> {
    try {
      await this.resolve(repository, reference);
      return true;
    } catch (e) {
      if (e instanceof RegistryError && e.code === 'NOT_FOUND') return false;
      throw e;
    }
  }

  /** PUT a manifest under a tag or its digest; the registry's Docker-Content-Digest must be the bytes' digest. */
  async putManifest(repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<Digest> {
    const what = this.what(repository, reference);
    const digest = sha256Digest(bytes);
    if (bytes.length > MAX_MANIFEST_BYTES)
      throw new RegistryError('MANIFEST_TOO_LARGE', `${what}: manifest of ${bytes.length} bytes is over the limit`);
    const res = await this.http.send({
      method: 'PUT',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body: bytes,
      scopes: [pushPull(repository)],
      what,
    });
    if (res.status !== 201 && res.status !== 200) throw await statusError(res, what);
    await res.body?.cancel();
    const claimed = res.headers.get('docker-content-digest');
    if (claimed !== null && claimed !== digest)
      throw new RegistryError(
        'MANIFEST_DIGEST_MISMATCH',
        `${what}: the registry stored ${excerpt(claimed)}, not ${digest}`,
      );
    return digest;
  }

  /**
   * Streams a blob, hashing as it goes: the last chunk is withheld until the digest checks, so a
   * consumer that writes chunks through never completes a blob that does not hash to its digest.
   */
  async *blobStream(repository: string, digest: Digest, maxBytes: number): AsyncGenerator<Uint8Array> {
    const what = this.what(repository, digest);
    const res = await this.http.send({
      method: 'GET',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pull(repository)],
      what,
    });
    if (res.status !== 200) throw await statusError(res, what);
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel();
      throw new RegistryError(
        'BLOB_TOO_LARGE',
        `${what}: blob of ${declared} bytes is over the ${maxBytes}-byte limit`,
      );
    }
    const hash = createHash('sha256');
    let total = 0;
    let held: Uint8Array | undefined;
    if (res.body !== null) {
      for await (const chunk of res.body) {
        total += chunk.length;
        if (total > maxBytes) {
          await res.body.cancel().catch(() => undefined);
          throw new RegistryError('BLOB_TOO_LARGE', `${what}: blob exceeds the ${maxBytes}-byte limit`);
        }
        hash.update(chunk);
        if (held !== undefined) yield held;
        held = chunk;
      }
    }
    const got = `sha256:${hash.digest('hex')}`;
    if (got !== digest) throw new RegistryError('BLOB_DIGEST_MISMATCH', `${what}: the blob served hashes to ${got}`);
    if (held !== undefined) yield held;
  }

  /** A whole blob in memory, verified against its digest. */
  async getBlob(repository: string, digest: Digest, maxBytes: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const c of this.blobStream(repository, digest, maxBytes)) chunks.push(c);
    return Buffer.concat(chunks);
  }

  async hasBlob(repository: string, digest: Digest): Promise<boolean> {
    const what = this.what(repository, digest);
    const res = await this.http.send({
      method: 'HEAD',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pull(repository)],
      what,
    });
    await res.body?.cancel();
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await statusError(res, what);
  }

  /**
   * Uploads a blob: monolithic (POST then one PUT) by default, or in PATCH chunks of
   * `chunkSize` bytes with Content-Range (distribution-spec "Pushing a blob in chunks").
   */
  async uploadBlob(
    repository: string,
    bytes: Uint8Array,
    options: { chunkSize?: number; chunked?: boolean } = {},
  ): Promise<Digest> {
    const digest = sha256Digest(bytes);
    if (!options.chunked) {
      const what = this.what(repository, digest);
      return this.finishUpload(repository, await this.startUpload(repository, what), digest, bytes, what);
    }
    const size = options.chunkSize ?? DEFAULT_CHUNK;
    async function* slices() {
      for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
    }
    return this.uploadStream(repository, digest, slices(), size);
  }

  /**
   * Uploads a blob from a stream (another registry's blobStream, for a copy between registries)
   * in PATCH chunks of about `chunkSize` bytes. The blob is committed by the final PUT only, after
   * the last chunk: a source that throws (a digest mismatch) leaves an upload the registry discards.
   */
  async uploadStream(
    repository: string,
    digest: Digest,
    chunks: AsyncIterable<Uint8Array>,
    chunkSize = DEFAULT_CHUNK,
  ): Promise<Digest> {
    const what = this.what(repository, digest);
    let location = await this.startUpload(repository, what);
    let offset = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const body = Buffer.concat(pending);
      const res = await this.http.send({
        method: 'PATCH',
        url: location,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `${offset}-${offset + body.length - 1}`,
        },
        body,
        scopes: [pushPull(repository)],
        what,
      });
      if (res.status !== 202) throw upload(await statusError(res, what));
      await res.body?.cancel();
      location = this.location(res.headers.get('location'), what);
      offset += body.length;
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of chunks) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= chunkSize) await flush();
    }
    await flush();
    return this.finishUpload(repository, location, digest, new Uint8Array(), what);
  }

  /** Cross-repository mount (same registry): true when mounted, false when the registry would not (then upload). */
  async mountBlob(repository: string, digest: Digest, from: string): Promise<boolean> {
    const what = `${this.what(repository, digest)} (mount from ${from})`;
    const res = await this.http.send({
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`,
      scopes: [pushPull(repository), pull(from)],
      what,
    });
    await res.body?.cancel();
    if (res.status === 201) return true;
    if (res.status === 202) {
      // The registry opened an upload session instead; cancel it (best effort) and let the caller upload.
      const loc = res.headers.get('location');
      if (loc !== null)
        await this.http
          .send({ method: 'DELETE', url: loc, scopes: [pushPull(repository)], what })
          .then((r) => r.body?.cancel())
          .catch(() => undefined);
      return false;
    }
    throw await statusError(res, what);
  }

  private async startUpload(repository: string, what: string): Promise<string> {
    const res = await this.http.send({
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/`,
      scopes: [pushPull(repository)],
      what,
    });
    if (res.status !== 202) throw upload(await statusError(res, what));
    await res.body?.cancel();
    return this.location(res.headers.get('location'), what);
  }

  private async finishUpload(
    repository: string,
    location: string,
    digest: Digest,
    body: Uint8Array,
    what: string,
  ): Promise<Digest> {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const res = await this.http.send({
      method: 'PUT',
      url: url.href,
      headers: { 'content-type': 'application/octet-stream' },
      body,
      scopes: [pushPull(repository)],
      what,
    });
    if (res.status !== 201) throw upload(await statusError(res, what));
    await res.body?.cancel();
    return digest;
  }

  /** An upload Location (relative or absolute, attacker-controlled) on the registry's own origin. */
  private location(header: string | null, what: string): string {
    if (header === null) throw new RegistryError('UPLOAD_FAILED', `${what}: the upload answer has no Location`);
    return this.http.resolve(header, what).href;
  }
}

export const pull = (repository: string) => `repository:${repository}:pull`;
export const pushPull = (repository: string) => `repository:${repository}:pull,push`;

function upload(e: RegistryError): RegistryError {
  return e.code === 'REGISTRY_PROTOCOL' ? new RegistryError('UPLOAD_FAILED', e.message, { cause: e }) : e;
}

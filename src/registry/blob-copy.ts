import type { Digest } from '../domain/digest.js';
import type { RegistryClient } from './registry-client.js';

export interface BlobCopy {
  digest: Digest;
  /** `present`: already at the destination; `mounted`: cross-repository mount; `streamed`: pulled and pushed. */
  how: 'present' | 'mounted' | 'streamed';
}

/**
 * Copies one blob to another repository, the cheapest way that works: nothing when the
 * destination has it, a cross-repository mount on the same registry, else a stream from the
 * source (verified against the digest as it passes) into a chunked upload at the destination.
 */
export async function copyBlob(
  from: RegistryClient,
  fromRepository: string,
  to: RegistryClient,
  toRepository: string,
  digest: Digest,
  maxBytes: number,
): Promise<BlobCopy> {
  if (await to.hasBlob(toRepository, digest)) return { digest, how: 'present' };
  if (from.registry === to.registry && (await to.mountBlob(toRepository, digest, fromRepository)))
    return { digest, how: 'mounted' };
  await to.uploadStream(toRepository, digest, from.blobStream(fromRepository, digest, maxBytes));
  return { digest, how: 'streamed' };
}

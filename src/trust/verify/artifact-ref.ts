import { createHash } from 'node:crypto';
import { InputError } from '../../domain/errors.js';

/**
 * The artifact a signature must cover: its bytes when we have them (a file), or only its digests
 * (`mc trust verify sha256:<hex>`, `mc ingest sha256:<d>`). Digests are alg → lowercase hex.
 */
export interface ArtifactRef {
  bytes?: Uint8Array;
  digests: Readonly<Record<string, string>>;
}

/** Algorithms in-toto subjects use that we can compare (npm provenance uses sha512). */
export const DIGEST_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha384: 96, sha512: 128 };

export function artifactFromBytes(bytes: Uint8Array): ArtifactRef {
  const digests: Record<string, string> = {};
  for (const alg of DIGEST_ALGORITHMS) digests[alg] = createHash(alg).update(bytes).digest('hex');
  return { bytes, digests };
}

/** Parses `sha256:<hex>` (or sha384/sha512). Uppercase hex is rejected, as digests are exact. */
export function artifactFromDigest(value: string): ArtifactRef {
  const m = /^(sha256|sha384|sha512):([0-9a-f]+)$/.exec(value);
  const alg = m?.[1] as DigestAlgorithm | undefined;
  if (m === null || alg === undefined || m[2]?.length !== HEX_LENGTH[alg]) {
    throw new InputError(
      'BAD_DIGEST',
      `artifact digest must be sha256:<64 lowercase hex> (or sha384/sha512), got ${JSON.stringify(value.slice(0, 90))}`,
      { path: 'artifact' },
    );
  }
  return { digests: { [alg]: m[2] } };
}

/** Digest pairs both sides know; an empty result means nothing can be compared. */
export function commonDigests(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): string[] {
  return Object.keys(a).filter((alg) => (DIGEST_ALGORITHMS as readonly string[]).includes(alg) && b[alg] !== undefined);
}

/**
 * True when the two digest sets name the same artifact: at least one algorithm in common and every
 * common algorithm agrees (a mismatch on any shared algorithm is a different artifact).
 */
export function sameArtifact(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const common = commonDigests(a, b);
  return common.length > 0 && common.every((alg) => a[alg]?.toLowerCase() === b[alg]?.toLowerCase());
}

import type { Digest } from '../../domain/digest.js';
import { EvidenceError } from '../evidence-error.js';

/**
 * The OCI image annotation naming the image a build started from (OCI image-spec
 * annotations.md, "org.opencontainers.image.base.digest"). SBOM tools carry it as a CycloneDX
 * property or an SPDX annotation; `mc` reads it as a lineage edge (this image → its base).
 */
export const BASE_DIGEST_ANNOTATION = 'org.opencontainers.image.base.digest';

/**
 * The base image digest among name/value pairs, or undefined. The value is attacker-controlled:
 * a sha256 digest that is not 64 hex digits is refused (a lineage edge quietly dropped would let a
 * revoked base's descendants stay promotable); another algorithm cannot name a stored artifact
 * (every artifact is keyed by sha256) and is skipped.
 */
export function baseImageDigest(pairs: Iterable<{ name: string; value: string; path: string }>): Digest | undefined {
  for (const { name, value, path } of pairs) {
    if (name !== BASE_DIGEST_ANNOTATION) continue;
    const v = value.trim();
    if (!/^sha256:/i.test(v)) continue;
    const hex = v.slice('sha256:'.length).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new EvidenceError(
        'INVALID_DIGEST',
        `${BASE_DIGEST_ANNOTATION} must be sha256:<64 hex>, got ${JSON.stringify(v.slice(0, 90))}`,
        { path },
      );
    return `sha256:${hex}`;
  }
  return undefined;
}

/** SPDX annotations carry free text: `name=value` or `name: value` (how SBOM tools write OCI annotations). */
export function annotationPair(comment: string, path: string): { name: string; value: string; path: string } {
  const at = comment.search(/[=:]/);
  // The name holds neither separator, so the first one ends it (the value's `sha256:` stays whole).
  if (at < 0) return { name: comment.trim(), value: '', path };
  return { name: comment.slice(0, at).trim(), value: comment.slice(at + 1).trim(), path };
}

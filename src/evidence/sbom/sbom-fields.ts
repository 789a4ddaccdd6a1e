import { PackageURL } from 'packageurl-js';
import { EvidenceError } from '../evidence-error.js';

/** Parses a purl (purl-spec) and returns its type, the ecosystem. Attacker-controlled string. */
export function purlEcosystem(purl: string, path: string): string {
  try {
    return PackageURL.fromString(purl).type;
  } catch (cause) {
    // packageurl-js 2.0.1 throws PurlError for bad purls, but a ReferenceError for some golang
    // versions (a bug in its golang validator): every throw here means "does not parse".
    throw new EvidenceError('INVALID_PURL', `purl does not parse: ${JSON.stringify(purl.slice(0, 200))}`, {
      cause,
      path,
    });
  }
}

/**
 * Hash algorithm names as we store them: lowercase, `SHA-256`/`SHA256` → `sha256`, `SHA3-256` →
 * `sha3-256`, `BLAKE2b-256` → `blake2b-256` (CycloneDX hash-alg and SPDX ChecksumAlgorithm enums).
 */
export function normalizeHashAlgorithm(alg: string): string {
  const lower = alg.toLowerCase();
  return /^sha-?(1|224|256|384|512)$/.test(lower) ? lower.replace('-', '') : lower;
}

/** Hex digests are compared lowercase everywhere (SPDX permits upper case in checksumValue). */
export function normalizeHex(value: string): string {
  return value.toLowerCase();
}

/** Tracks refs (bom-ref, SPDXID) and refuses the second use of one. */
export class RefRegistry {
  private readonly seen = new Set<string>();

  add(ref: string | undefined, path: string): void {
    if (ref === undefined) return;
    if (this.seen.has(ref))
      throw new EvidenceError('DUPLICATE_REF', `duplicate reference ${JSON.stringify(ref.slice(0, 200))}`, { path });
    this.seen.add(ref);
  }

  has(ref: string): boolean {
    return this.seen.has(ref);
  }
}

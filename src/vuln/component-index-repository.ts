import type { Digest } from '../domain/digest.js';
import type { VexDocument } from '../domain/evidence.js';
import type { ComponentKey, IndexedComponent } from './component-keys.js';

/** A component of a stored SBOM, with the digest whose SBOM lists it. */
export interface IndexedHit {
  digest: Digest;
  component: IndexedComponent['component'];
  /** The key it is filed under. */
  key: ComponentKey;
}

/**
 * The inverted index (ecosystem, normalized name) → components → digests, filled at SBOM ingest
 * in the ingest's transaction; implemented by store/component-index.ts for both engines. What the
 * CVE watch reads instead of rescanning every SBOM.
 */
export interface ComponentIndexRepository {
  /** Every indexed component filed under one of `keys`, with each digest that has it. */
  hits(keys: readonly ComponentKey[], digests?: readonly Digest[]): Promise<IndexedHit[]>;
  /** The VEX documents stored for each digest (only digests with some appear). */
  vexOf(digests: readonly Digest[]): Promise<Map<Digest, VexDocument[]>>;
  /** Image names of the digests that have one (for tickets). */
  names(digests: readonly Digest[]): Promise<Map<Digest, string>>;
}

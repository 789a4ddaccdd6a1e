import type { Digest } from './digest.js';

/** A digest that stopped being promotable, as the gates see it (its own, or an ancestor's). */
export interface Revocation {
  digest: Digest;
  reason: string;
  source: string;
  createdAt: string;
  /** Set when the revocation was inherited from an ancestor. */
  inheritedFrom?: Digest;
}

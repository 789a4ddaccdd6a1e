import { createTrustProvider, type EvidenceBlobs } from '../../src/app/trust-provider.js';
import type { SnapshotProviders } from '../../src/app/snapshot-builder.js';
import type { Clock } from '../../src/domain/clock.js';

/**
 * The trust providers as production wires them (app/providers.ts): the verifier and its generation
 * token, so an edit of the trust policy re-decides cached decisions. The policy is re-read on every
 * check (recheckMs 0) so tests see an edit at once.
 */
export function trustProviders(trustPolicyFile: string, clock: Clock, store: EvidenceBlobs): SnapshotProviders {
  const trust = createTrustProvider({ trustPolicyFile, clock, recheckMs: 0, store });
  return { trust, generation: trust.generation };
}

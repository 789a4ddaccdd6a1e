import type { Digest } from './digest.js';
import type { StateEffects } from './state-effects.js';

/** Why a digest stopped being promotable. `lineage`: an ancestor's revocation propagated to it. */
export type RevocationCause = 'manual' | 'lineage' | 'cve' | 'drift' | 'backfill';
export const REVOCATION_CAUSES: readonly RevocationCause[] = ['manual', 'lineage', 'cve', 'drift', 'backfill'];

/**
 * A digest that stopped being promotable, as the gates see it: in one environment (`env`) or in
 * all (`env` absent). Promotable state is per (digest, environment).
 */
export interface Revocation {
  digest: Digest;
  env?: string;
  cause: RevocationCause;
  /** From the revoked ancestor down to this digest; `[digest]` for a direct revocation. */
  chain: Digest[];
  reason: string;
  /** Who asked (`cli:<user>`, `token:<8 hex>`, `watch:cve`). */
  source: string;
  /** The advisory behind a `cve` revocation (and the lineage rows it propagated). */
  advisory?: string;
  createdAt: string;
  /** Set when the revocation was inherited from an ancestor: `chain[0]`. */
  inheritedFrom?: Digest;
  /** For an inherited (`lineage`) revocation: why the ancestor was revoked. */
  rootCause?: Exclude<RevocationCause, 'lineage'>;
}

export interface RevokeRequest {
  action: 'revoke';
  digest: Digest;
  /** Absent: every environment. */
  env?: string;
  cause: Exclude<RevocationCause, 'lineage'>;
  reason: string;
  advisory?: string;
  actor: string;
}

/** Ends the matching active revocations of `digest` (and what propagated from them), recorded. */
export interface ReinstateRequest {
  action: 'reinstate';
  digest: Digest;
  /** Absent: the revocations of every environment. */
  env?: string;
  /** Only revocations with this cause / advisory (the CVE watch reinstates its own only). */
  cause?: Exclude<RevocationCause, 'lineage'>;
  advisory?: string;
  reason: string;
  actor: string;
}

export type RevocationRequest = RevokeRequest | ReinstateRequest;

/** One row that changed state: a revocation that began or ended (the root and each propagated one). */
export interface RevocationChange {
  action: 'revoke' | 'reinstate';
  revocation: Revocation;
}

export interface LineageNode {
  digest: Digest;
  name: string | null;
  /** Distance from the asked digest (1 = parent or child). */
  depth: number;
  /** Active revocations of this digest, each with its cause and chain. */
  revocations: Revocation[];
}

export interface LineageView {
  digest: Digest;
  name: string | null;
  revocations: Revocation[];
  ancestors: LineageNode[];
  descendants: LineageNode[];
}

export interface RevocationRepository {
  /**
   * Applies the requests in one transaction: each revocation propagates to every descendant
   * (cause `lineage`, with its chain), each reinstatement ends what it propagated; a request that
   * changes nothing (already revoked / nothing to reinstate) is a no-op, never a second row.
   * Every change is recorded by the store itself (a ledger entry and a `revoke`/`reinstate`
   * event each); `effects` adds what the caller's use case brings with it (outbox messages,
   * further events), written in that transaction.
   */
  apply(
    requests: readonly RevocationRequest[],
    effects?: (changes: readonly RevocationChange[]) => StateEffects,
  ): Promise<RevocationChange[]>;
  /** The active revocations the `promotable` gate reads for (digest, env): env-specific and all-env. */
  active(digest: Digest, env: string): Promise<Revocation[]>;
  /** Active revocations, filtered (the CVE watch reads its own). */
  listActive(filter: {
    cause?: RevocationCause;
    advisory?: string;
    digests?: readonly Digest[];
  }): Promise<Revocation[]>;
  /** Undefined when the digest was never seen. */
  lineage(digest: Digest): Promise<LineageView | undefined>;
}

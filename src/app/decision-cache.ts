import type { Decision } from '../domain/decision.js';

interface Entry {
  decision: Decision;
  policyGeneration: string;
  storeGeneration: number;
  /** Epoch ms after which the decision may change by itself (waiver expiry); Infinity if never. */
  validUntil: number;
}

/**
 * Decisions keyed by (digest, env), valid while the policy files, the store (evidence,
 * revocations: one generation counter bumped by every write) and the clock (waiver
 * expiries) are as they were when it was computed.
 */
export class DecisionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 50_000) {}

  get(
    digest: string,
    env: string,
    policyGeneration: string,
    storeGeneration: number,
    nowMs: number,
  ): Decision | undefined {
    const e = this.entries.get(key(digest, env));
    if (!e) return undefined;
    if (e.policyGeneration !== policyGeneration || e.storeGeneration !== storeGeneration || nowMs >= e.validUntil) {
      this.entries.delete(key(digest, env));
      return undefined;
    }
    return e.decision;
  }

  set(decision: Decision, policyGeneration: string, storeGeneration: number, validUntil: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key(decision.digest, decision.env), { decision, policyGeneration, storeGeneration, validUntil });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const key = (digest: string, env: string) => `${digest}\u0000${env}`;

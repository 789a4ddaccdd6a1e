import type { VerifiedSignature } from '../domain/evidence.js';
import type { FailedEvidence } from './signatures-gate.js';

export type CachedOutcome = { verified: VerifiedSignature } | { failed: FailedEvidence };

interface Entry {
  outcome: CachedOutcome;
  expiresAtMs: number;
}

/**
 * Crypto outcomes keyed by (evidence sha256, trust material hash, environment): the same bytes checked
 * against the same pinned files and requirements give the same answer, so a cached verify does no
 * signature work. A TTL bounds how long "now"-dependent checks (a DSSE key's validity window, signing
 * times from the future) are reused; the caller's clock decides, never the wall clock.
 */
export class VerificationCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
  ) {}

  get(evidence: string, materialHash: string, env: string, nowMs: number): CachedOutcome | undefined {
    const k = key(evidence, materialHash, env);
    const e = this.entries.get(k);
    if (e === undefined) return undefined;
    if (nowMs >= e.expiresAtMs || nowMs < e.expiresAtMs - this.ttlMs) {
      this.entries.delete(k);
      return undefined;
    }
    return e.outcome;
  }

  set(evidence: string, materialHash: string, env: string, outcome: CachedOutcome, nowMs: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key(evidence, materialHash, env), { outcome, expiresAtMs: nowMs + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

const key = (evidence: string, materialHash: string, env: string): string => `${evidence}\u0000${materialHash}\u0000${env}`;

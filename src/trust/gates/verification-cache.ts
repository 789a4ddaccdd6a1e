import type { VerifiedSignature } from '../../domain/evidence.js';
import type { FailedEvidence } from './signatures-gate.js';

/**
 * A verification's outcome. `validUntilMs` bounds a verified outcome that was judged at "now" (a
 * pinned key's window checked at the clock, not at a verified signing time): past it the outcome may
 * no longer hold and must be verified again.
 */
export type CachedOutcome = { verified: VerifiedSignature; validUntilMs?: number } | { failed: FailedEvidence };

interface Entry {
  outcome: CachedOutcome;
  setAtMs: number;
  expiresAtMs: number;
}

export const DEFAULT_VERIFICATION_TTL_MS = 60_000;

/**
 * Crypto outcomes keyed by (evidence sha256, trust material hash, environment): the same bytes checked
 * against the same pinned files and requirements give the same answer, so a cached verify does no
 * signature work. A TTL bounds how long "now"-dependent checks (a DSSE key's validity window, signing
 * times from the future) are reused, and an outcome never outlives its own `validUntilMs`; the
 * caller's clock decides, never the wall clock.
 */
export class VerificationCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs = DEFAULT_VERIFICATION_TTL_MS,
    private readonly maxEntries = 20_000,
  ) {}

  get(evidence: string, materialHash: string, env: string, nowMs: number): CachedOutcome | undefined {
    const k = key(evidence, materialHash, env);
    const e = this.entries.get(k);
    if (e === undefined) return undefined;
    // A clock that went back before the entry was made is not trusted either.
    if (nowMs >= e.expiresAtMs || nowMs < e.setAtMs) {
      this.entries.delete(k);
      return undefined;
    }
    return e.outcome;
  }

  set(evidence: string, materialHash: string, env: string, outcome: CachedOutcome, nowMs: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const own = 'verified' in outcome ? (outcome.validUntilMs ?? Infinity) : Infinity;
    this.entries.set(key(evidence, materialHash, env), {
      outcome,
      setAtMs: nowMs,
      expiresAtMs: Math.min(nowMs + this.ttlMs, own),
    });
  }

  get size(): number {
    return this.entries.size;
  }
}

const key = (evidence: string, materialHash: string, env: string): string =>
  `${evidence}\u0000${materialHash}\u0000${env}`;

import type { Reason } from '../../domain/decision.js';
import type { Digest } from '../../domain/digest.js';
import { isBaseError } from '../../domain/errors.js';
import type { VerifiedSignature } from '../../domain/evidence.js';
import { artifactFromDigest } from '../verify/artifact-ref.js';
import { evaluateProvenanceGate } from './provenance-gate.js';
import { evaluateSignaturesGate, type FailedEvidence, type TrustGateResult } from './signatures-gate.js';
import { resolveEnvironment, type LoadedTrust, type ResolvedEnvironment } from '../policy/trust-environment.js';
import { DEFAULT_VERIFICATION_TTL_MS, type CachedOutcome, type VerificationCache } from './verification-cache.js';
import { verifyEvidence } from '../verify/verify-evidence.js';

/** Stored signature/attestation evidence as the trust provider hands it over. */
export interface TrustEvidenceItem {
  kind: 'signature' | 'attestation';
  /** `sha256:<hex>` of the evidence bytes (CAS key). */
  sha256: string;
}

/** Reads stored evidence bytes by their `sha256:<hex>`; the only I/O, injected by the caller. */
export type EvidenceReader = (sha256: string) => Promise<Uint8Array | undefined>;

/** One gate's result as the policy reads it (structurally the policy's TrustCheck). */
export interface TrustCheckResult {
  ok: boolean;
  reasons: Reason[];
  /** On a pass: the instant after which the pass may no longer hold (a pinned key's window ends). */
  validUntil?: Date;
}

export interface TrustChecks {
  signatures: TrustCheckResult;
  provenance: TrustCheckResult;
}

/** Both gates fail with the same reason (missing/invalid trust policy, unknown environment): fail closed. */
export function failBoth(reason: Reason): TrustChecks {
  return { signatures: { ok: false, reasons: [reason] }, provenance: { ok: false, reasons: [reason] } };
}

/**
 * How long a verified outcome holds on its own. Windows judged at a verified signing time (log
 * integration or RFC 3161 time: keyless certificates, CAs, logs, and keys of timestamped bundles) do
 * not change as the clock moves. Without a verified signing time the pinned key's window was judged
 * at `now` (plain DSSE, untimestamped bundles): the outcome ends with the key's window, and at most
 * one cache TTL later (a bound on every other now-dependent check).
 */
function validUntilOf(
  v: VerifiedSignature,
  env: ResolvedEnvironment,
  nowMs: number,
  ttlMs: number,
): number | undefined {
  if (v.signedAt !== undefined) return undefined;
  let until = nowMs + ttlMs;
  for (const k of env.trust.keys) {
    const end = k.validFor?.end?.getTime();
    if (k.fingerprint === v.keyId && k.name === v.trustRoot && end !== undefined) until = Math.min(until, end);
  }
  return until;
}

function verifyOne(
  item: TrustEvidenceItem,
  bytes: Uint8Array | undefined,
  env: ResolvedEnvironment,
  digest: Digest,
  now: Date,
  ttlMs: number,
): CachedOutcome {
  if (bytes === undefined) {
    return {
      failed: {
        code: 'EVIDENCE_UNVERIFIABLE',
        message: 'the evidence bytes are not in the store; ingest them again',
        evidence: item.sha256,
      },
    };
  }
  try {
    const verified = verifyEvidence(
      bytes,
      item.kind,
      { trust: env.trust, requirements: env.requirements },
      now,
      artifactFromDigest(digest),
    );
    const validUntilMs = validUntilOf(verified, env, now.getTime(), ttlMs);
    return validUntilMs === undefined ? { verified } : { verified, validUntilMs };
  } catch (e) {
    // Attacker-controlled evidence must end in a reason, never a crash or a 5xx, whatever the bytes.
    if (isBaseError(e)) return { failed: { code: e.code, message: e.message, evidence: item.sha256 } };
    return {
      failed: {
        code: 'VERIFIER_INTERNAL_ERROR',
        message: `verification failed unexpectedly: ${(e as Error)?.message ?? String(e)}`,
        evidence: item.sha256,
      },
    };
  }
}

/**
 * The `signatures` and `provenance` results for (digest, env): every stored signature and attestation
 * of the digest is verified against the environment's trust (pinned roots/keys, identities,
 * thresholds) — through `cache` when given — and the pure gates judge the verified results. Pure
 * but for `read`, called only for evidence the cache does not answer: the trust policy is already
 * loaded and `now` is injected.
 */
export async function evaluateTrustChecks(
  items: readonly TrustEvidenceItem[],
  read: EvidenceReader,
  loaded: LoadedTrust,
  materialHash: string,
  envName: string,
  digest: Digest,
  now: Date,
  cache?: VerificationCache,
): Promise<TrustChecks> {
  let env: ResolvedEnvironment;
  try {
    env = resolveEnvironment(loaded, envName);
  } catch (e) {
    const message = isBaseError(e) ? e.message : String(e);
    return failBoth({
      code: 'TRUST_ENVIRONMENT_UNKNOWN',
      message: `trust policy: ${message}; add the environment to SECURITY/trust-policy.yaml`,
    });
  }
  const verified: VerifiedSignature[] = [];
  const validUntil = new Map<VerifiedSignature, number>();
  const failures: FailedEvidence[] = [];
  const nowMs = now.getTime();
  const ttlMs = cache?.ttlMs ?? DEFAULT_VERIFICATION_TTL_MS;
  for (const item of items) {
    let outcome = cache?.get(item.sha256, materialHash, `${envName}\u0000${digest}`, nowMs);
    if (outcome === undefined) {
      outcome = verifyOne(item, await read(item.sha256), env, digest, now, ttlMs);
      const internal = 'failed' in outcome && outcome.failed.code === 'VERIFIER_INTERNAL_ERROR';
      if (!internal) cache?.set(item.sha256, materialHash, `${envName}\u0000${digest}`, outcome, nowMs);
    }
    if ('verified' in outcome) {
      verified.push(outcome.verified);
      if (outcome.validUntilMs !== undefined) validUntil.set(outcome.verified, outcome.validUntilMs);
    } else {
      failures.push(outcome.failed);
    }
  }
  // A pass lasts as long as the evidence it relies on; GateService's decision cache honours it.
  const result = ({ ok, reasons, reliedOn }: TrustGateResult): TrustCheckResult => {
    const until = ok && reliedOn !== undefined ? validUntil.get(reliedOn) : undefined;
    return until === undefined ? { ok, reasons } : { ok, reasons, validUntil: new Date(until) };
  };
  return {
    signatures: result(evaluateSignaturesGate(verified, digest, failures)),
    provenance: result(evaluateProvenanceGate(verified, env, digest, failures)),
  };
}

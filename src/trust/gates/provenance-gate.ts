import type { Reason } from '../../domain/decision.js';
import type { Digest } from '../../domain/digest.js';
import type { VerifiedSignature } from '../../domain/evidence.js';
import type { CompiledMatcher } from '../policy/identity-matcher.js';
import { SLSA_PREDICATE_TYPES, type StatementReading } from '../verify/evidence-reading.js';
import { failureReasons, type FailedEvidence, type TrustGateResult } from './signatures-gate.js';
import { coversDigest, evidenceDetails, who } from './signer-acceptance.js';
import type { ResolvedEnvironment } from '../policy/trust-environment.js';

/**
 * Values a policy entry may be written against: the value itself, and for builder ids and
 * repositories the forms slsa-verifier policies use (builder id without `@ref`, repository without
 * `https://`). Matching stays whole-string on each form.
 */
function forms(value: string, kind: 'builder' | 'repo'): string[] {
  if (kind === 'builder') {
    const at = value.indexOf('@');
    return at === -1 ? [value] : [value, value.slice(0, at)];
  }
  return [value, value.replace(/^https?:\/\//, '')];
}

const allowed = (matchers: readonly CompiledMatcher[], value: string | undefined, kind: 'builder' | 'repo'): boolean =>
  value !== undefined && forms(value, kind).some((f) => matchers.some((m) => m.test(f)));

/**
 * The `provenance` gate (pure): passes when verified SLSA provenance (v0.2 or v1) covers the digest
 * and names an allowed builder id and source repository. Verification already held the signer to the
 * environment's pinned roots, keys and identities.
 */
export function evaluateProvenanceGate(
  verified: readonly VerifiedSignature[],
  env: ResolvedEnvironment,
  digest: Digest,
  failures: readonly FailedEvidence[] = [],
): TrustGateResult {
  const candidates = verified.filter(
    (v) => v.kind === 'attestation' && SLSA_PREDICATE_TYPES.includes(v.predicateType ?? '') && coversDigest(v, digest),
  );
  const reasons: Reason[] = [];
  for (const v of candidates) {
    const details = {
      ...evidenceDetails(v),
      builderId: v.provenance?.builderId,
      sourceRepository: v.provenance?.sourceRepository,
    };
    const unreadable = (v.provenance as StatementReading | undefined)?.predicateError;
    if (unreadable !== undefined) {
      reasons.push({ code: unreadable.code, message: `${unreadable.message} (${unreadable.path})`, details });
      continue;
    }
    const builder = v.provenance?.builderId;
    const repo = v.provenance?.sourceRepository;
    if (!allowed(env.builders, builder, 'builder')) {
      reasons.push({
        code: 'PROVENANCE_BUILDER_NOT_ALLOWED',
        message: `builder ${builder ?? '(none)'} is not allowed in environment ${env.name}`,
        details,
      });
      continue;
    }
    if (!allowed(env.sourceRepositories, repo, 'repo')) {
      reasons.push({
        code: 'PROVENANCE_SOURCE_NOT_ALLOWED',
        message: `source repository ${repo ?? '(none)'} is not allowed in environment ${env.name}`,
        details,
      });
      continue;
    }
    return {
      ok: true,
      reliedOn: v,
      reasons: [
        {
          code: 'PROVENANCE_VERIFIED',
          message: `SLSA provenance for ${digest}: builder ${builder}, source ${repo}, signed by ${who(v)}${v.logIndex === undefined ? '' : ` (log index ${v.logIndex})`}`,
          details,
        },
      ],
    };
  }
  if (candidates.length === 0)
    reasons.unshift({ code: 'PROVENANCE_MISSING', message: `no verified SLSA provenance names ${digest}` });
  return { ok: false, reasons: [...reasons, ...failureReasons(failures)] };
}

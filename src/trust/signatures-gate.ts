import type { Reason } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { VerifiedSignature } from '../domain/evidence.js';
import { coversDigest, evidenceDetails, signerRejection, who } from './signer-acceptance.js';
import type { ResolvedEnvironment } from './trust-environment.js';

export interface TrustGateResult {
  ok: boolean;
  reasons: Reason[];
  /** On a pass: the verified evidence the pass relies on (its validity bounds how long the pass holds). */
  reliedOn?: VerifiedSignature;
}

/** Evidence that failed verification at ingest or verify time (kept so a deny can say why). */
export interface FailedEvidence {
  code: string;
  message: string;
  /** Which evidence (its CAS digest or file name). */
  evidence?: string;
}

export function failureReasons(failures: readonly FailedEvidence[]): Reason[] {
  return failures.map((f) => ({
    code: f.code,
    message: `evidence ${f.evidence ?? ''} failed verification: ${f.message}`.replace('  ', ' '),
    details: f.evidence === undefined ? {} : { evidence: f.evidence },
  }));
}

/**
 * The `signatures` gate (pure): passes when at least one verified signature or attestation covers the
 * digest and was made by a signer the environment accepts. Pass and fail reasons both name the root,
 * key or identity, the log index and the signing time relied on.
 */
export function evaluateSignaturesGate(
  verified: readonly VerifiedSignature[],
  env: ResolvedEnvironment,
  digest: Digest,
  failures: readonly FailedEvidence[] = [],
): TrustGateResult {
  const covering = verified.filter((v) => coversDigest(v, digest));
  const rejections: Reason[] = [];
  for (const v of covering) {
    const rejection = signerRejection(v, env);
    if (rejection === null) {
      return {
        ok: true,
        reliedOn: v,
        reasons: [
          {
            code: 'SIGNATURE_VERIFIED',
            message: `${v.kind} over ${digest} by ${who(v)}${v.logIndex === undefined ? '' : `, log index ${v.logIndex}`}${v.signedAt === undefined ? '' : `, signed ${v.signedAt}`}`,
            details: evidenceDetails(v),
          },
        ],
      };
    }
    rejections.push(rejection);
  }
  const reasons = [...rejections, ...failureReasons(failures)];
  if (covering.length === 0) {
    const other = verified.length > 0 ? ` (${verified.length} verified signature(s) cover other artifacts)` : '';
    reasons.unshift({ code: 'SIGNATURE_MISSING', message: `no verified signature over ${digest} pinned by the trust policy${other}` });
  }
  return { ok: false, reasons };
}

import type { Reason } from '../../domain/decision.js';
import type { Digest } from '../../domain/digest.js';
import type { VerifiedSignature } from '../../domain/evidence.js';
import { coversDigest, evidenceDetails, who } from './signer-acceptance.js';

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
 * digest. Verification already held the evidence to the environment's pinned roots, keys and
 * identities (evaluateTrustChecks), so whoever signed verified evidence is accepted. Pass and fail
 * reasons both name the root, key or identity, the log index and the signing time relied on.
 */
export function evaluateSignaturesGate(
  verified: readonly VerifiedSignature[],
  digest: Digest,
  failures: readonly FailedEvidence[] = [],
): TrustGateResult {
  const v = verified.find((x) => coversDigest(x, digest));
  if (v !== undefined) {
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
  const other = verified.length > 0 ? ` (${verified.length} verified signature(s) cover other artifacts)` : '';
  return {
    ok: false,
    reasons: [
      { code: 'SIGNATURE_MISSING', message: `no verified signature over ${digest} pinned by the trust policy${other}` },
      ...failureReasons(failures),
    ],
  };
}

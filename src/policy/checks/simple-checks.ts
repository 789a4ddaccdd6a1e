import type { Reason } from '../../domain/decision.js';
import type { Revocation } from '../../domain/revocation.js';
import type { SloBurnRateGateConfig } from '../gates-schema.js';
import type { EvidenceSnapshot, TrustCheck } from '../evidence-snapshot.js';
import { fail, pass, type CheckResult } from './check-result.js';

export function checkSbom(s: EvidenceSnapshot): CheckResult {
  const sboms = s.evidence.filter((e) => e.kind === 'sbom');
  if (sboms.length === 0) {
    return fail([
      { code: 'SBOM_MISSING', message: `no SBOM for ${s.digest}; ingest one with mc ingest ${s.digest} --sbom <file>` },
    ]);
  }
  return pass(
    sboms.map((e) => ({
      code: 'SBOM_PRESENT',
      message: `${e.format} ${e.sha256}${e.summary ? `: ${e.summary}` : ''}`,
    })),
  );
}

/** Signatures and provenance: only a verified result passes; presence of a file never does. */
export function checkTrust(s: EvidenceSnapshot, which: 'signatures' | 'provenance'): CheckResult {
  const check: TrustCheck | undefined = s.trust?.[which];
  if (!check) {
    return fail([
      {
        code: 'NOT_IMPLEMENTED',
        message: `the ${which} gate cannot verify yet in this build: no trust verifier configured, so nothing can pass it`,
      },
    ]);
  }
  if (!check.ok) return fail(check.reasons);
  // The decision cache must not keep this pass past the validity of what it relies on.
  return check.validUntil === undefined
    ? pass(check.reasons)
    : { ...pass(check.reasons), validUntil: check.validUntil };
}

/**
 * Not promotable while a revocation holds in this environment (the snapshot carries exactly those):
 * its own (`REVOKED`), or an ancestor's that propagated here (`REVOKED_BY_ANCESTOR`), each naming
 * the revoked digest, why, and the chain from it down to this digest.
 */
export function checkPromotable(s: EvidenceSnapshot): CheckResult {
  if (s.revocations.length === 0) return pass([{ code: 'NOT_REVOKED', message: `${s.digest} is not revoked` }]);
  return fail(s.revocations.map(revokedReason));
}

function revokedReason(r: Revocation): Reason {
  const where = r.env ? `in ${r.env}` : 'in every environment';
  const why = `${r.rootCause ?? r.cause}${r.advisory ? ` ${r.advisory}` : ''}`;
  const details = {
    digest: r.digest,
    cause: r.cause,
    chain: r.chain,
    source: r.source,
    ...(r.env ? { env: r.env } : {}),
    ...(r.advisory ? { advisory: r.advisory } : {}),
    ...(r.inheritedFrom ? { inheritedFrom: r.inheritedFrom } : {}),
  };
  if (r.inheritedFrom)
    return {
      code: 'REVOKED_BY_ANCESTOR',
      message: `revoked ${where} through ancestor ${r.inheritedFrom} (${why}) at ${r.createdAt}: ${r.reason}; chain ${r.chain.join(' → ')}`,
      details,
    };
  return { code: 'REVOKED', message: `revoked ${where} (${why}) at ${r.createdAt}: ${r.reason}`, details };
}

export function checkSloBurnRate(config: SloBurnRateGateConfig, s: EvidenceSnapshot): CheckResult {
  const slo = s.sloBurnRate;
  if (!slo)
    return fail([
      {
        code: 'SLO_SOURCE_MISSING',
        message: 'no Prometheus configured (MC_PROMETHEUS_URL) and no query for this gate: burn rate unknown',
      },
    ]);
  if ('error' in slo) return fail([{ code: 'SLO_UNAVAILABLE', message: `burn-rate query failed: ${slo.error}` }]);
  if (slo.value > config.max) {
    return fail([
      {
        code: 'SLO_BURN_RATE_EXCEEDED',
        message: `burn rate ${slo.value.toFixed(2)} exceeds max ${config.max} (${slo.query})`,
        details: { value: slo.value, max: config.max },
      },
    ]);
  }
  return pass([{ code: 'SLO_BURN_RATE_OK', message: `burn rate ${slo.value.toFixed(2)} ≤ ${config.max}` }]);
}

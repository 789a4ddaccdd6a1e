import { GATE_NAMES, type Decision, type GateName, type GateResult } from '../domain/decision.js';
import type { SloBurnRateGateConfig, VulnerabilitiesGateConfig } from './gates-schema.js';
import { bypassableGates, profileFor, type LoadedGates } from './gates.js';
import type { EvidenceSnapshot } from './evidence-snapshot.js';
import type { Waiver } from '../domain/waiver.js';
import type { CheckResult } from './checks/check-result.js';
import { checkVulnerabilities } from './checks/vulnerabilities-check.js';
import { checkApprovals } from './checks/approvals-check.js';
import { checkPromotable, checkSbom, checkSloBurnRate, checkTrust } from './checks/simple-checks.js';
import { applyBypass } from './bypass.js';

export interface EvaluationInput {
  snapshot: EvidenceSnapshot;
  policy: LoadedGates;
  env: string;
  waivers: readonly Waiver[];
  now: Date;
  /** The hash of the access rules in force, recorded beside (never inside) policyHash. */
  accessPolicyHash?: string;
}

export interface Evaluation {
  decision: Decision;
  /** When the decision may change with no new input (earliest expiry of a waiver it used). */
  validUntil?: Date;
}

/**
 * The release gate: a pure function of (evidence snapshot, gates, waivers, clock).
 * Advisory failures never deny; enforce failures always deny, unless an open SEV-1 bypass covers
 * the gate (then `bypassed`); off gates are skipped.
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const { snapshot, policy, env, waivers, now } = input;
  const { name: profileName, profile } = profileFor(policy.gates, env);
  const gates: GateResult[] = [];
  if (snapshot.known === false) {
    gates.push({
      gate: 'artifact',
      mode: 'enforce',
      result: 'fail',
      reasons: [
        {
          code: 'ARTIFACT_UNKNOWN',
          message: `${snapshot.digest} is unknown to this store: no evidence was ever ingested for it (this decision is not recorded)`,
        },
      ],
    });
  }
  let validUntil: Date | undefined;
  for (const gate of GATE_NAMES) {
    const config = profile[gate];
    if (!config) continue;
    if (config.mode === 'off') {
      gates.push({
        gate,
        mode: 'off',
        result: 'skipped',
        reasons: [{ code: 'GATE_OFF', message: `${gate} is off in profile ${profileName}` }],
      });
      continue;
    }
    const check = runCheck(gate, config, snapshot, waivers, now);
    if (check.validUntil && (!validUntil || check.validUntil < validUntil)) validUntil = check.validUntil;
    const result = check.outcome === 'fail' ? (config.mode === 'enforce' ? 'fail' : 'advisory-fail') : check.outcome;
    const bypassed =
      result === 'fail' ? applyBypass(gate, snapshot.bypass, bypassableGates(policy.gates), now) : undefined;
    if (bypassed) {
      if (!validUntil || bypassed.until < validUntil) validUntil = bypassed.until;
      gates.push({ gate, mode: config.mode, result: 'bypassed', reasons: [bypassed.reason, ...check.reasons] });
      continue;
    }
    gates.push({ gate, mode: config.mode, result, reasons: check.reasons });
  }
  const decision: Decision = {
    allow: gates.every((g) => g.result !== 'fail'),
    digest: snapshot.digest,
    env,
    profile: profileName,
    policyHash: policy.policyHash,
    ...(input.accessPolicyHash ? { accessPolicyHash: input.accessPolicyHash } : {}),
    evaluatedAt: now.toISOString(),
    gates,
  };
  return validUntil ? { decision, validUntil } : { decision };
}

function runCheck(
  gate: GateName,
  config: object,
  s: EvidenceSnapshot,
  waivers: readonly Waiver[],
  now: Date,
): CheckResult {
  switch (gate) {
    case 'sbom':
      return checkSbom(s);
    case 'signatures':
    case 'provenance':
      return checkTrust(s, gate);
    case 'vulnerabilities':
      return checkVulnerabilities(config as VulnerabilitiesGateConfig, s, waivers, now);
    case 'slo_burn_rate':
      return checkSloBurnRate(config as SloBurnRateGateConfig, s);
    case 'approvals':
      return checkApprovals(s, now);
    case 'promotable':
      return checkPromotable(s);
  }
}

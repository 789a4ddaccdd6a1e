import type { Decision, GateResult, Reason } from '../domain/decision.js';

/**
 * One gate's result as a workload event keeps it: the codes, not the messages, so a rollout's
 * chain stays small (the events writer clips details) and the full decision stays in the ledger.
 */
export interface GateSummary {
  gate: GateResult['gate'];
  mode: GateResult['mode'];
  result: GateResult['result'];
  codes: string[];
}

/** The decision facts every workload event (verify call, Flagger hook) carries in its details. */
export interface DecisionSummary {
  allow: boolean;
  profile: string;
  policyHash: string;
  gates: GateSummary[];
}

const MAX_CODES = 5;

export function summarizeDecision(decision: Decision): DecisionSummary {
  return {
    allow: decision.allow,
    profile: decision.profile,
    policyHash: decision.policyHash,
    gates: decision.gates.map((g) => ({
      gate: g.gate,
      mode: g.mode,
      result: g.result,
      codes: g.reasons.slice(0, MAX_CODES).map((r) => r.code),
    })),
  };
}

/** The reasons that make a decision a deny: the first reasons of every failing (enforce) gate. */
export function denyReasons(decision: Decision, perGate = 2): Reason[] {
  return decision.gates.filter((g) => g.result === 'fail').flatMap((g) => g.reasons.slice(0, perGate));
}

/** `gate (CODE, CODE)` for each gate with this result, for one-line messages. */
export function gatesWith(decision: Decision, result: GateResult['result']): string[] {
  return decision.gates
    .filter((g) => g.result === result)
    .map(
      (g) =>
        `${g.gate} (${
          g.reasons
            .slice(0, 3)
            .map((r) => r.code)
            .join(', ') || 'no reason given'
        })`,
    );
}

/** Kubernetes `namespace/name` of a workload as events key it (RFC 1123 label / subdomain). */
export const WORKLOAD = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

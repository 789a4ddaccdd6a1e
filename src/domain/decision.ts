import type { Digest } from './digest.js';

export type GateName =
  | 'sbom'
  | 'signatures'
  | 'provenance'
  | 'vulnerabilities'
  | 'slo_burn_rate'
  | 'approvals'
  | 'promotable';
export const GATE_NAMES: readonly GateName[] = [
  'sbom',
  'signatures',
  'provenance',
  'vulnerabilities',
  'slo_burn_rate',
  'approvals',
  'promotable',
];

export type GateMode = 'off' | 'advisory' | 'enforce';
export type GateOutcome = 'pass' | 'fail' | 'advisory-fail' | 'waived' | 'bypassed' | 'skipped';

/** A reason a person can act on: a stable code and a sentence that names the thing. */
export interface Reason {
  code: string;
  message: string;
  /** Machine-readable facts behind the reason (advisory id, waiver id, key id, …). */
  details?: Record<string, unknown>;
}

/**
 * `artifact` is not a configurable gate: it appears (first, enforce, fail) only when the digest
 * is unknown to the store, so the deny names its cause (ARTIFACT_UNKNOWN).
 */
export type DecisionGate = GateName | 'artifact';

export interface GateResult {
  gate: DecisionGate;
  mode: GateMode;
  result: GateOutcome;
  reasons: Reason[];
}

/** The decision JSON of DESIGN.md's contract (CLI --json, HTTP 200/403 body). */
export interface Decision {
  allow: boolean;
  digest: Digest;
  env: string;
  profile: string;
  policyHash: string;
  /** sha256 of the normalized access.yaml in force (absent: no access rules); never part of policyHash. */
  accessPolicyHash?: string;
  evaluatedAt: string;
  gates: GateResult[];
}

import type { Digest } from '../domain/digest.js';
import type { GateName } from '../domain/decision.js';
import type { Revocation } from '../domain/revocation.js';
import type { Reason } from '../domain/decision.js';
import type { EvidenceKind, Finding } from '../domain/evidence.js';
import type { UncoveredEcosystem } from '../vuln/advisory-coverage.js';

/**
 * Everything the evaluation reads, gathered by the use case before it calls the pure
 * `evaluate`. A field left undefined means "not known", and enforce gates fail closed on it.
 */
export interface EvidenceSnapshot {
  digest: Digest;
  /**
   * False when the store has never seen the digest (no evidence was ever ingested for it): the
   * decision is a deny (ARTIFACT_UNKNOWN) and is not recorded, so anonymous look-ups of random
   * digests cannot grow the ledger. Absent means known.
   */
  known?: boolean;
  name?: string;
  evidence: Array<{ kind: EvidenceKind; sha256: Digest; format: string; summary?: string }>;
  /** Findings from scan reports and from advisory matching (VEX already applied). */
  findings: Finding[];
  /** Whether any vulnerability source exists: a scan report or synced advisories. */
  vulnerabilitySources: string[];
  /** When advisory matching contributed: the newest successful advisory sync (ISO 8601), for max_advisory_age. */
  advisoriesSyncedAt?: string;
  /**
   * SBOM components advisory matching could not identify because their purl does not parse. They
   * are not findings (no advisory is known to apply), yet none can be ruled out, so the
   * vulnerabilities gate must see them to fail closed; without this field they would vanish.
   */
  unidentifiedComponents?: UnidentifiedComponent[];
  /**
   * SBOM components whose ecosystem no advisory sync covered (and no scan report vouches for):
   * matching found nothing because it had nothing to look in, so their state is unknown.
   */
  uncoveredEcosystems?: UncoveredEcosystem[];
  /** Per-environment trust results; undefined until a trust verifier is wired in. */
  trust?: { signatures: TrustCheck; provenance: TrustCheck };
  /** Revocations of this digest or of any ancestor in the lineage graph. */
  revocations: Revocation[];
  /** Result of the SLO burn-rate query for this environment; undefined = no source configured. */
  sloBurnRate?: { value: number; query: string } | { error: string; query?: string };
  /** What the approvals gate reads; undefined = no approval source wired (the gate fails closed). */
  approvals?: ApprovalsInput;
  /** The open SEV-1 bypass of (digest, env), if any: its gates report `bypassed` until it expires. */
  bypass?: ActiveBypass;
}

export interface ApprovalsInput {
  /** Redeemed approvals of (digest, env), newest first, expired ones included. */
  approvals: Array<{ subject: string; issuer: string; expiresAt: string }>;
  /** Exceptions for the artifact's service in this environment, expired ones included. */
  exceptions: Array<{ id: string; service: string; owner: string; reason: string; expiresAt: string }>;
}

export interface ActiveBypass {
  id: string;
  incident: string;
  expiresAt: string;
  /** The gates it was opened for (the policy's bypassable gates then); the policy now may narrow them. */
  gates: GateName[];
  approvers: Array<{ subject: string; role: string }>;
}

export interface UnidentifiedComponent {
  component: { name: string; version?: string; purl?: string };
  /** Why the purl does not parse. */
  detail: string;
}

export interface TrustCheck {
  ok: boolean;
  reasons: Reason[];
  /** On a pass: after this instant the pass may no longer hold (a pinned key's validity ends). */
  validUntil?: Date;
}

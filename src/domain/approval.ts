import type { Digest } from './digest.js';
import type { GateName } from './decision.js';

/** A redeemed approval: satisfies the approvals gate for (digest, env) until it expires. */
export interface Approval {
  digest: Digest;
  env: string;
  /** Who approved (the principal label, or the external IdP's subject). */
  subject: string;
  issuer: string;
  credentialId?: string;
  /** sha256 hex of the token's nonce: unique, so a token is redeemed once on any replica. */
  nonceHash: string;
  redeemedBy: string;
  redeemedAt: string;
  expiresAt: string;
}

/** An exception lets a service through the approvals gate in one environment for at most 24 h. */
export interface ApprovalException {
  id: string;
  /** The artifact name (`registry.example/acme/api`) it covers. */
  service: string;
  env: string;
  owner: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

export type BypassRole = 'security' | 'release' | 'owner';
export const BYPASS_ROLES: readonly BypassRole[] = ['security', 'release', 'owner'];

/** pending: waiting for its three approvals; active: gates bypassed until expiresAt; reverted: over. */
export type BypassState = 'pending' | 'active' | 'reverted';

export interface BypassApproval {
  role: BypassRole;
  subject: string;
  approvedAt: string;
  /** When the approver's WebAuthn step-up assertion was made (absent: the local CLI, not subject to step-up). */
  steppedUpAt?: string;
}

export interface Bypass {
  id: string;
  digest: Digest;
  env: string;
  incident: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  state: BypassState;
  /** The gates it bypasses, fixed when it opens from the policy's bypassable gates. */
  gates: GateName[];
  approvals: BypassApproval[];
  activatedAt?: string;
  expiresAt?: string;
  endedAt?: string;
}

/** A registered WebAuthn credential (public key as COSE, base64url). */
export interface StoredCredential {
  id: string;
  subject: string;
  publicKey: string;
  counter: number;
  transports: string[];
  createdAt: string;
}

export type ChallengePurpose = 'register' | 'approve' | 'step-up';

export interface StoredChallenge {
  id: string;
  purpose: ChallengePurpose;
  subject: string;
  digest?: Digest;
  env?: string;
  createdAt: string;
  expiresAt: string;
}

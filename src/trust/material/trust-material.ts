import type { CompiledMatcher } from '../policy/identity-matcher.js';
import type { PinnedKey } from './pinned-key.js';
import type { PinnedRoot } from './trusted-root.js';

/** Everything a verification may rely on: the pinned roots and keys (parsed once, reused). */
export interface TrustMaterialSet {
  roots: readonly PinnedRoot[];
  keys: readonly PinnedKey[];
}

/** A certificate identity (SAN) accepted together with the OIDC issuer that must have vouched for it. */
export interface AcceptedIdentity {
  subject: CompiledMatcher;
  issuer: CompiledMatcher;
}

/** What one verification demands (resolved from an environment of the trust policy, or CLI flags). */
export interface VerificationRequirements {
  /** Keyless signatures: accepted identity/issuer pairs. Empty means no certificate is accepted. */
  identities: readonly AcceptedIdentity[];
  /** Minimum verified transparency-log entries (default 1). */
  tlogThreshold?: number;
  /** Minimum verified timestamps: log integration times and RFC 3161 tokens (default 1). */
  timestampThreshold?: number;
  /** Minimum SCTs in a Fulcio certificate (default 1). */
  ctlogThreshold?: number;
  /** For attestations: predicate types accepted. Undefined accepts any known statement. */
  predicateTypes?: readonly string[];
}

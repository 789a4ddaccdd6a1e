import type { Digest } from '../domain/digest.js';
import type { VerifiedSignature } from '../domain/evidence.js';
import type { AcceptedIdentity } from './trust-material.js';
import { VerificationError } from './verification-error.js';

/** The facts a gate reason cites, so an auditor sees which root/key/identity, log entry and time were relied on. */
export function evidenceDetails(v: VerifiedSignature): Record<string, unknown> {
  const d: Record<string, unknown> = { kind: v.kind };
  for (const k of ['trustRoot', 'identity', 'issuer', 'keyId', 'logIndex', 'signedAt', 'predicateType'] as const) {
    if (v[k] !== undefined) d[k] = v[k];
  }
  return d;
}

/** True when the verified evidence covers the artifact's sha256 digest. */
export function coversDigest(v: VerifiedSignature, digest: Digest): boolean {
  const hex = digest.slice('sha256:'.length);
  return v.subjectDigests.some((d) => d.sha256?.toLowerCase() === hex);
}

/** The signer as a reason names it: a pinned key, or a certificate identity with its issuer and root. */
export function who(v: VerifiedSignature): string {
  if (v.keyId !== undefined) return `key ${v.trustRoot ?? ''} (${v.keyId})`;
  return `${v.identity ?? 'unknown identity'} (issuer ${v.issuer ?? 'unknown'}, root ${v.trustRoot ?? 'unknown'})`;
}

/**
 * The one identity check: a certificate's SAN and OIDC issuer must match an accepted pair, each as a
 * whole string. Both values come from a certificate chain already verified to a pinned root, but the
 * issuer chooses what SAN it vouches for, so the pair is matched together.
 */
export function checkIdentity(identity: string | undefined, issuer: string | undefined, identities: readonly AcceptedIdentity[]): void {
  const byIssuer = identities.filter((i) => i.issuer.test(issuer));
  if (byIssuer.length === 0) {
    throw new VerificationError('ISSUER_MISMATCH', `certificate issuer ${JSON.stringify(issuer)} is not accepted (${identities.map((i) => i.issuer.describe()).join(', ') || 'no identities configured'})`);
  }
  if (!byIssuer.some((i) => i.subject.test(identity))) {
    throw new VerificationError('CERTIFICATE_IDENTITY_MISMATCH', `certificate identity ${JSON.stringify(identity)} is not accepted for issuer ${JSON.stringify(issuer)} (${byIssuer.map((i) => i.subject.describe()).join(', ')})`);
  }
}

import type { AcceptedIdentity } from '../material/trust-material.js';
import { VerificationError } from '../verification-error.js';

/**
 * The one identity check: a certificate's SAN and OIDC issuer must match an accepted pair, each as a
 * whole string. Both values come from a certificate chain already verified to a pinned root, but the
 * issuer chooses what SAN it vouches for, so the pair is matched together.
 */
export function checkIdentity(
  identity: string | undefined,
  issuer: string | undefined,
  identities: readonly AcceptedIdentity[],
): void {
  const byIssuer = identities.filter((i) => i.issuer.test(issuer));
  if (byIssuer.length === 0) {
    throw new VerificationError(
      'ISSUER_MISMATCH',
      `certificate issuer ${JSON.stringify(issuer)} is not accepted (${identities.map((i) => i.issuer.describe()).join(', ') || 'no identities configured'})`,
    );
  }
  if (!byIssuer.some((i) => i.subject.test(identity))) {
    throw new VerificationError(
      'CERTIFICATE_IDENTITY_MISMATCH',
      `certificate identity ${JSON.stringify(identity)} is not accepted for issuer ${JSON.stringify(issuer)} (${byIssuer.map((i) => i.subject.describe()).join(', ')})`,
    );
  }
}

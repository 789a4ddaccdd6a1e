import type { Digest } from '../../domain/digest.js';
import type { VerifiedSignature } from '../../domain/evidence.js';

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

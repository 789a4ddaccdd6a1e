import type { Reason } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { VerifiedSignature } from '../domain/evidence.js';
import type { ResolvedEnvironment } from './trust-environment.js';

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

export function who(v: VerifiedSignature): string {
  if (v.keyId !== undefined) return `key ${v.trustRoot ?? ''} (${v.keyId})`;
  return `${v.identity ?? 'unknown identity'} (issuer ${v.issuer ?? 'unknown'}, root ${v.trustRoot ?? 'unknown'})`;
}

/**
 * Whether the environment accepts whoever signed: a pinned key it lists (by fingerprint), or a
 * certificate identity/issuer pair it lists, under a root it accepts. Returns a failure reason or null.
 */
export function signerRejection(v: VerifiedSignature, env: ResolvedEnvironment): Reason | null {
  const details = evidenceDetails(v);
  if (v.keyId !== undefined) {
    if (env.trust.keys.some((k) => k.fingerprint === v.keyId)) return null;
    return { code: 'KEY_NOT_PINNED', message: `${who(v)} is not a key environment ${env.name} accepts`, details };
  }
  if (v.trustRoot === undefined || !env.trust.roots.some((r) => r.name === v.trustRoot)) {
    return { code: 'ROOT_NOT_PINNED', message: `root ${v.trustRoot ?? '(none)'} is not pinned for environment ${env.name}`, details };
  }
  const byIssuer = env.requirements.identities.filter((i) => i.issuer.test(v.issuer));
  if (byIssuer.length === 0) return { code: 'ISSUER_MISMATCH', message: `issuer ${v.issuer ?? '(none)'} is not accepted in environment ${env.name}`, details };
  if (!byIssuer.some((i) => i.subject.test(v.identity))) {
    return { code: 'CERTIFICATE_IDENTITY_MISMATCH', message: `identity ${v.identity ?? '(none)'} is not accepted in environment ${env.name} (whole-string match)`, details };
  }
  return null;
}

import { verify, type KeyObject } from 'node:crypto';
import type { VerifiedSignature } from '../../domain/evidence.js';
import type { ArtifactRef } from './artifact-ref.js';
import { preAuthEncoding } from './dsse-pae.js';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, readEnvelope, type DsseEnvelope } from './evidence-reading.js';
import { keyAlgorithm, keyValidAt, type PinnedKey } from '../material/pinned-key.js';
import { checkStatement } from './statement-check.js';
import type { TrustMaterialSet, VerificationRequirements } from '../material/trust-material.js';
import { VerificationError } from '../verification-error.js';

export interface DsseOptions {
  /** Distinct pinned keys that must have signed (DSSE "threshold"); default 1. */
  threshold?: number;
  /** Payload types accepted; the empty type is never accepted. Default: in-toto only. */
  payloadTypes?: readonly string[];
  /** Only count a signature whose keyid names the key (its policy name or fingerprint), as slsa-verifier does for VSAs. */
  strictKeyId?: boolean;
}

/**
 * Verifies one signature with node:crypto. ECDSA signatures come DER-encoded (cosign, in-toto) or as
 * raw r‖s (IEEE P1363: Google's VSA signer, WebCrypto); both are tried. The hash follows the curve
 * (RFC 5656 §6.2.1: P-256→SHA-256, P-384→SHA-384, P-521→SHA-512); Ed25519 signs the PAE itself.
 */
export function verifyRawSignature(key: KeyObject, data: Uint8Array, sig: Uint8Array): boolean {
  const alg = keyAlgorithm(key);
  try {
    if (alg === 'ed25519') return verify(null, data, key, sig);
    if (alg === 'rsa') return verify('sha256', data, key, sig);
    const hash = alg === 'ecdsa-p256' ? 'sha256' : alg === 'ecdsa-p384' ? 'sha384' : 'sha512';
    return verify(hash, data, key, sig) || verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false; // malformed signature bytes are attacker-controlled: a failed check, not a crash
  }
}

/**
 * Verifies a plain DSSE envelope against pinned keys (DSSE protocol v1.0.0 "Verification"): the
 * payload type must be accepted, and at least `threshold` DISTINCT pinned keys must have a valid
 * signature over PAE(type, payload). A keyid only narrows which keys are tried (it is unauthenticated).
 */
export function verifyDsseEnvelope(
  input: Uint8Array | DsseEnvelope,
  keys: readonly PinnedKey[],
  opts: DsseOptions = {},
): { envelope: DsseEnvelope; signers: PinnedKey[] } {
  const envelope = input instanceof Uint8Array ? readEnvelope(input) : input;
  const accepted = opts.payloadTypes ?? [IN_TOTO_PAYLOAD_TYPE];
  if (envelope.payloadType === '' || !accepted.includes(envelope.payloadType)) {
    throw new VerificationError(
      'PAYLOAD_TYPE_UNEXPECTED',
      `payload type ${JSON.stringify(envelope.payloadType.slice(0, 100))} is not accepted (${accepted.join(', ')})`,
      { path: '/payloadType' },
    );
  }
  if (keys.length === 0)
    throw new VerificationError('KEY_NOT_PINNED', 'no key is pinned to verify the DSSE envelope with');
  const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
  const signers = new Set<PinnedKey>();
  for (const s of envelope.signatures) {
    const named = s.keyid === undefined ? [] : keys.filter((k) => k.name === s.keyid || k.fingerprint === s.keyid);
    for (const key of named.length > 0 || opts.strictKeyId === true ? named : keys) {
      if (!signers.has(key) && verifyRawSignature(key.key, pae, s.sig)) {
        signers.add(key);
        break;
      }
    }
  }
  const threshold = opts.threshold ?? 1;
  if (signers.size === 0) {
    // keyids are unauthenticated hints, but when every signature names a key and none is pinned, the
    // useful answer is "signer not pinned" rather than "bad signature": a reason a person can act on.
    const ids = envelope.signatures.map((s) => s.keyid);
    const named = (id: string | undefined): boolean =>
      id !== undefined && keys.some((k) => k.name === id || k.fingerprint === id);
    if (ids.every((id) => id !== undefined) && !ids.some(named)) {
      throw new VerificationError(
        'KEY_NOT_PINNED',
        `the DSSE envelope is signed by key(s) ${ids.map((id) => JSON.stringify(id?.slice(0, 100))).join(', ')}, none of them pinned (${keys.map((k) => k.name).join(', ')})`,
      );
    }
    throw new VerificationError(
      'SIGNATURE_INVALID',
      'no signature of the DSSE envelope verifies with a pinned key (payload altered after signing, or an unpinned signer)',
    );
  }
  if (signers.size < threshold) {
    throw new VerificationError(
      'SIGNATURE_THRESHOLD_NOT_MET',
      `${signers.size} distinct pinned key(s) signed the DSSE envelope, ${threshold} required`,
    );
  }
  return { envelope, signers: [...signers] };
}

/**
 * A key-signed in-toto attestation in a plain DSSE envelope (cosign `attest --key`, VSAs). There is
 * no log entry and no timestamp, so the key's validity window is judged at `now`.
 */
export function verifyDsseAttestation(
  input: Uint8Array | DsseEnvelope,
  artifact: ArtifactRef | undefined,
  trust: TrustMaterialSet,
  req: VerificationRequirements,
  now: Date,
): VerifiedSignature {
  if ((req.tlogThreshold ?? 1) > 0 || (req.timestampThreshold ?? 1) > 0) {
    throw new VerificationError(
      'TLOG_THRESHOLD_NOT_MET',
      'a plain DSSE envelope carries no transparency-log entry or timestamp, and the policy requires them',
    );
  }
  const { envelope, signers } = verifyDsseEnvelope(input, trust.keys);
  // Any pinned signer valid now will do (a co-signer outlives a rotated-out key); of those, the one
  // whose window ends last, so the result holds as long as possible.
  const end = (k: PinnedKey): number => k.validFor?.end?.getTime() ?? Infinity;
  const signer = signers.filter((k) => keyValidAt(k, now)).sort((a, b) => end(b) - end(a))[0];
  if (signer === undefined)
    throw new VerificationError(
      'KEY_EXPIRED',
      `pinned key(s) ${signers.map((k) => k.name).join(', ')} are not valid at ${now.toISOString()}`,
    );
  const statement = parseStatement(envelope.payloadType, envelope.payload);
  checkStatement(statement, artifact, req.predicateTypes);
  return {
    kind: 'attestation',
    subjectDigests: statement.subjects.map((s) => s.digest),
    predicateType: statement.predicateType,
    provenance: statement,
    keyId: signer.fingerprint,
    trustRoot: signer.name,
  };
}

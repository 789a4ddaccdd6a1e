import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { VerificationError } from '../verification-error.js';

/** A public key the trust policy pins (cosign key pair, DSSE signer, VSA key). */
export interface PinnedKey {
  /** Name from the trust policy, reported in VerifiedSignature.trustRoot. */
  name: string;
  /** `sha256:<hex>` of the DER SubjectPublicKeyInfo — the fingerprint reported as keyId. */
  fingerprint: string;
  key: KeyObject;
  /** Optional validity window, judged at the verified signing time (not at "now"). */
  validFor?: { start?: Date; end?: Date };
}

export type KeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519' | 'rsa';

const MAX_PEM_BYTES = 64 * 1024;

/** Parses a PEM (or DER) SubjectPublicKeyInfo. Pure; the bytes come from the policy folder or a flag. */
export function parsePinnedKey(bytes: Uint8Array | string, name: string, validFor?: PinnedKey['validFor']): PinnedKey {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  if (buf.byteLength > MAX_PEM_BYTES)
    throw new VerificationError('KEY_MALFORMED', `key ${name}: larger than ${MAX_PEM_BYTES} bytes`);
  let key: KeyObject;
  try {
    const text = buf.toString('utf8');
    key = text.includes('-----BEGIN')
      ? createPublicKey({ key: text, format: 'pem' })
      : createPublicKey({ key: buf, format: 'der', type: 'spki' });
  } catch (e) {
    throw new VerificationError('KEY_MALFORMED', `key ${name}: not a PEM or DER public key`, { cause: e });
  }
  if (key.type !== 'public') throw new VerificationError('KEY_MALFORMED', `key ${name}: must be a public key`);
  keyAlgorithm(key, name);
  const der = key.export({ format: 'der', type: 'spki' });
  const fingerprint = `sha256:${createHash('sha256').update(der).digest('hex')}`;
  return validFor === undefined ? { name, fingerprint, key } : { name, fingerprint, key, validFor };
}

/** Wraps an already-built KeyObject (raw Ed25519 keys from JWK, test keys) as a pinned key. */
export function pinnedKeyFromKeyObject(key: KeyObject, name: string, validFor?: PinnedKey['validFor']): PinnedKey {
  return parsePinnedKey(key.export({ format: 'der', type: 'spki' }), name, validFor);
}

export function keyAlgorithm(key: KeyObject, name = 'key'): KeyAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'ed25519';
  if (type === 'rsa') return 'rsa';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ecdsa-p256';
    if (curve === 'secp384r1') return 'ecdsa-p384';
    if (curve === 'secp521r1') return 'ecdsa-p521';
  }
  throw new VerificationError('KEY_MALFORMED', `key ${name}: unsupported key type ${String(type)}`);
}

/** True when the key's window (if any) contains `at`; both bounds inclusive. */
export function keyValidAt(key: PinnedKey, at: Date): boolean {
  const { start, end } = key.validFor ?? {};
  return (start === undefined || start <= at) && (end === undefined || at <= end);
}

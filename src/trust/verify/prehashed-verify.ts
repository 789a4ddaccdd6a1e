import type { KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { keyAlgorithm } from '../material/pinned-key.js';

/**
 * Verifies an ECDSA signature over a digest we did not compute ourselves (only `sha256:<hex>` of the
 * artifact is known). node:crypto always hashes the message, so it cannot do this; @noble/curves
 * (audited, maintained) verifies with `prehash: false`. High-S signatures are accepted, as
 * X9.62/FIPS 186 do and as Go and OpenSSL (the Sigstore signers) produce them. Ed25519 signs the
 * message itself and RSA is not used by Sigstore signers, so both need the artifact bytes.
 */
export function verifyPrehashed(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean | 'unsupported' {
  const alg = keyAlgorithm(key);
  const curve = alg === 'ecdsa-p256' ? p256 : alg === 'ecdsa-p384' ? p384 : alg === 'ecdsa-p521' ? p521 : undefined;
  if (curve === undefined) return 'unsupported';
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return false;
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  try {
    return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false; // malformed DER signature (attacker-controlled)
  }
}

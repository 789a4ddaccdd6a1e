// Deterministic key-based Sigstore bundles and DSSE envelopes built with node:crypto (no network, no
// Sigstore services): a fixed P-256 key from a fixed scalar, so the key and its fingerprint never change.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { preAuthEncoding } from '../../src/trust/verify/dsse-pae.js';
import { pinnedKeyFromKeyObject, type PinnedKey } from '../../src/trust/material/pinned-key.js';

/** SEC1 ECPrivateKey (RFC 5915) for P-256 with scalar d = SHA-256(label); OpenSSL derives the public point. */
export function fixedP256Key(label: string): { privateKey: KeyObject; publicKey: KeyObject; pinned: PinnedKey } {
  const d = createHash('sha256').update(label).digest();
  const der = Buffer.concat([Buffer.from('30310201010420', 'hex'), d, Buffer.from('a00a06082a8648ce3d030107', 'hex')]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'sec1' });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, pinned: pinnedKeyFromKeyObject(publicKey, label) };
}

export function statementFor(
  artifact: Uint8Array,
  predicateType = 'https://slsa.dev/provenance/v1',
  predicate: unknown = {},
): Buffer {
  const sha256 = createHash('sha256').update(artifact).digest('hex');
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'artifact', digest: { sha256 } }],
      predicateType,
      predicate,
    }),
  );
}

/** A v0.3 key-based message-signature bundle over `artifact` (no log entry: verify with thresholds 0). */
export function keyedMessageBundle(privateKey: KeyObject, hint: string, artifact: Uint8Array): Buffer {
  const signature = sign('sha256', artifact, privateKey);
  return Buffer.from(
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(artifact).digest('base64') },
        signature: signature.toString('base64'),
      },
    }),
  );
}

/** A plain DSSE envelope, and the same envelope inside a v0.3 key-based bundle. */
export function keyedDsse(
  privateKey: KeyObject,
  hint: string,
  statement: Buffer,
): { envelope: Buffer; bundle: Buffer; pae: Buffer; sig: Buffer } {
  const payloadType = 'application/vnd.in-toto+json';
  const pae = preAuthEncoding(payloadType, statement);
  const sig = sign('sha256', pae, privateKey);
  const env = {
    payloadType,
    payload: statement.toString('base64'),
    signatures: [{ keyid: hint, sig: sig.toString('base64') }],
  };
  const bundle = {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
    dsseEnvelope: env,
  };
  return { envelope: Buffer.from(JSON.stringify(env)), bundle: Buffer.from(JSON.stringify(bundle)), pae, sig };
}

import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { toSignedEntity, type SignedEntity } from '@sigstore/verify';
import { decodeBase64Strict } from '../../formats/base64.js';
import type { ArtifactRef } from './artifact-ref.js';
import { preAuthEncoding } from './dsse-pae.js';
import { hashName } from './hash-names.js';
import { verifyPrehashed } from './prehashed-verify.js';
import { VerificationError } from '../verification-error.js';

type SignatureContent = SignedEntity['signature'];

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/**
 * Builds the sigstore-js SignedEntity for a bundle and the artifact, closing two gaps of
 * @sigstore/verify 3.x:
 * - a message signature's `messageDigest` is checked against the artifact here (3.x compares it only
 *   with the log entry), and an artifact known only by digest is verified pre-hashed;
 * - a DSSE envelope logged to Rekor v2 as hashedrekord/0.0.2 records SHA-256(PAE(type, payload))
 *   (rekor-v2 spec §6.1.4, "hashedrekord over DSSE"), where 3.x compares SHA-256(payload).
 */
export function buildSignedEntity(bundle: Bundle, artifact: ArtifactRef | undefined): SignedEntity {
  rejectSelfSignedInChain(bundle);
  bundle.verificationMaterial.tlogEntries.forEach((e, i) => {
    // protobuf-specs: InclusionProof.checkpoint is REQUIRED; sigstore-js 3.x would dereference it blindly.
    if (e.inclusionProof !== undefined && typeof e.inclusionProof.checkpoint?.envelope !== 'string') {
      throw new VerificationError('BUNDLE_MALFORMED', 'an inclusion proof needs a checkpoint', {
        path: `/verificationMaterial/tlogEntries/${i}/inclusionProof/checkpoint`,
      });
    }
    if (e.inclusionProof !== undefined) checkProofMatchesCheckpoint(e.inclusionProof, i);
  });
  const content = bundle.content;
  if (content.$case === 'messageSignature') {
    const md = content.messageSignature.messageDigest;
    const alg = md === undefined ? undefined : hashName(md.algorithm);
    if (md === undefined || alg === undefined)
      throw new VerificationError('BUNDLE_MALFORMED', 'message signature has no supported message digest', {
        path: '/messageSignature/messageDigest',
      });
    // No artifact given (ingest before the digest is bound): verify the signature over the digest the
    // bundle names; VerifiedSignature.subjectDigests records it and the gates compare it with the artifact.
    const expected = artifact === undefined ? Buffer.from(md.digest).toString('hex') : artifact.digests[alg];
    if (expected === undefined)
      throw new VerificationError(
        'ARTIFACT_MISMATCH',
        `the bundle signs a ${alg} digest and the artifact is only known by ${Object.keys(artifact?.digests ?? {}).join(', ')}`,
      );
    if (!equal(Buffer.from(md.digest), Buffer.from(expected, 'hex'))) {
      throw new VerificationError(
        'ARTIFACT_MISMATCH',
        `the bundle's message digest is not the artifact's ${alg} digest`,
        { path: '/messageSignature/messageDigest/digest' },
      );
    }
    const entity = toSignedEntity(bundle, artifact?.bytes === undefined ? undefined : Buffer.from(artifact.bytes));
    if (artifact?.bytes !== undefined) return entity;
    const signature = Buffer.from(content.messageSignature.signature);
    const orig = entity.signature;
    const prehashed: SignatureContent = {
      signature,
      compareSignature: (s) => orig.compareSignature(s),
      compareDigest: (d) => orig.compareDigest(d),
      verifySignature: (key) => {
        const ok = verifyPrehashed(key, Buffer.from(md.digest), signature);
        if (ok === 'unsupported')
          throw new VerificationError(
            'ARTIFACT_BYTES_REQUIRED',
            `a ${key.asymmetricKeyType ?? 'non-ECDSA'} signature can only be verified with the artifact's bytes`,
          );
        return ok;
      },
    };
    return { ...entity, signature: prehashed };
  }
  const entity = toSignedEntity(bundle);
  const kinds = entity.tlogEntries.map((e) => `${e.kindVersion?.kind}/${e.kindVersion?.version}`);
  const v2 = kinds.filter((k) => k === 'hashedrekord/0.0.2').length;
  if (v2 === 0) return entity;
  if (v2 !== kinds.length)
    throw new VerificationError('BUNDLE_UNSUPPORTED_VERSION', `DSSE bundle mixes log entry kinds ${kinds.join(', ')}`);
  const env = content.dsseEnvelope;
  const paeDigest = createHash('sha256')
    .update(preAuthEncoding(env.payloadType, Buffer.from(env.payload)))
    .digest();
  const orig = entity.signature;
  const overPae: SignatureContent = {
    signature: orig.signature,
    compareSignature: (s) => orig.compareSignature(s),
    compareDigest: (d) => equal(Buffer.from(d), paeDigest),
    verifySignature: (key) => orig.verifySignature(key),
  };
  return { ...entity, signature: overPae };
}

/**
 * sigstore-js proves inclusion against the signed checkpoint and ignores the proof's own `rootHash`
 * and `treeSize`; an entry whose unsigned fields disagree with its checkpoint is inconsistent, and we
 * reject it (as sigstore-go does) instead of letting the unsigned copy say something else.
 * Checkpoint body: C2SP tlog-checkpoint — origin, decimal tree size, base64 root hash (standard,
 * padded: the one strict rule of formats/base64.ts), one per line.
 */
function checkProofMatchesCheckpoint(
  proof: { rootHash: Buffer; treeSize: string; checkpoint?: { envelope: string } },
  i: number,
): void {
  const lines = (proof.checkpoint?.envelope ?? '').split('\n');
  const size = lines[1];
  const root = lines[2];
  const path = `/verificationMaterial/tlogEntries/${i}/inclusionProof`;
  if (size === undefined || root === undefined) return; // sigstore-js reports the malformed checkpoint itself
  if (size !== proof.treeSize)
    throw new VerificationError(
      'TLOG_INCLUSION_PROOF_INVALID',
      `inclusion proof tree size ${proof.treeSize} differs from its checkpoint's ${size.slice(0, 20)}`,
      { path: `${path}/treeSize` },
    );
  const rootHash = decodeBase64Strict(root);
  if (rootHash === undefined || !equal(rootHash, Buffer.from(proof.rootHash))) {
    throw new VerificationError(
      'TLOG_INCLUSION_PROOF_INVALID',
      "inclusion proof root hash differs from its checkpoint's",
      { path: `${path}/rootHash` },
    );
  }
}

/**
 * A bundle's chain must stop below the trust anchor: roots come only from the pinned trusted root
 * (sigstore-conformance `bundle-with-root-cert_fail`; Sigstore client spec, "certificate chain").
 */
function rejectSelfSignedInChain(bundle: Bundle): void {
  const vm = bundle.verificationMaterial.content;
  if (vm.$case !== 'x509CertificateChain') return;
  vm.x509CertificateChain.certificates.forEach((c, i) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(Buffer.from(c.rawBytes));
    } catch (e) {
      throw new VerificationError('BUNDLE_MALFORMED', `certificate ${i} of the bundle's chain is not DER X.509`, {
        cause: e,
        path: `/verificationMaterial/x509CertificateChain/certificates/${i}`,
      });
    }
    if (cert.checkIssued(cert) && cert.verify(cert.publicKey)) {
      throw new VerificationError(
        'CERTIFICATE_INVALID',
        `the bundle's certificate chain contains a self-signed root (${cert.subject.replace(/\n/g, ', ')}); roots come only from the pinned trusted root`,
        {
          path: `/verificationMaterial/x509CertificateChain/certificates/${i}`,
        },
      );
    }
  });
}

// cosign simple-signing signatures (the `.sig` tag layout) normalized into the stored form and
// verified by the trust gates like any bundle: the signature over the payload against the pinned
// key, then the payload's docker-manifest-digest against the artifact. Real P-256 keys.
import assert from 'node:assert/strict';
import { createHash, sign } from 'node:crypto';
import { test } from 'node:test';
import type { Digest } from '../../../src/domain/digest.js';
import { evaluateTrustChecks, type TrustEvidenceItem } from '../../../src/trust/gates/trust-checks.js';
import { loadTrust } from '../../../src/trust/policy/trust-environment.js';
import { parseTrustPolicy } from '../../../src/trust/policy/trust-policy.js';
import { cosignSignatureDocument } from '../../../src/trust/verify/cosign-signature.js';
import { parseTrustEvidence } from '../../../src/trust/verify/trust-evidence.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrustedRoot } from '../../../src/trust/material/trusted-root.js';
import { compileMatcher } from '../../../src/trust/policy/identity-matcher.js';
import { artifactFromBytes } from '../../../src/trust/verify/artifact-ref.js';
import { decodeBundle } from '../../../src/trust/verify/bundle-reader.js';
import { verifyBundle } from '../../../src/trust/verify/bundle-verifier.js';
import { SHARED_SKIP, sharedPath } from '../../support/shared-data.js';
import { assertVerificationError, flipBase64 } from '../assert-verification-error.js';
import { otherKey, releaseKey, trustPolicyYaml } from '../trust-workspace-fixture.js';

const NOW = new Date('2026-11-30T10:00:00Z');
const pem = (): Buffer => Buffer.from(releaseKey.publicKey.export({ format: 'pem', type: 'spki' }));
const loaded = loadTrust(parseTrustPolicy(trustPolicyYaml()), pem);
const IMAGE = `sha256:${createHash('sha256').update('the image manifest').digest('hex')}` as Digest;
const OTHER = `sha256:${createHash('sha256').update('another image').digest('hex')}` as Digest;

const payloadFor = (image: string) =>
  Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': 'registry.example/acme/api' },
        image: { 'docker-manifest-digest': image },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );

async function signaturesGate(doc: Uint8Array, digest: Digest) {
  const sha = `sha256:${createHash('sha256').update(doc).digest('hex')}`;
  const item: TrustEvidenceItem = { kind: 'signature', sha256: sha };
  return (await evaluateTrustChecks([item], async () => doc, loaded, 'h', 'dev', digest, NOW)).signatures;
}

test('a key-signed cosign signature verifies for the image its payload names, and for no other', async () => {
  const payload = payloadFor(IMAGE);
  const doc = cosignSignatureDocument({
    payload,
    signature: sign('sha256', payload, releaseKey.privateKey).toString('base64'),
  });
  const ok = await signaturesGate(doc, IMAGE);
  assert.equal(ok.ok, true, JSON.stringify(ok.reasons));
  const other = await signaturesGate(doc, OTHER);
  assert.equal(other.ok, false);
  assert.ok(
    other.reasons.some((r) => r.code === 'ARTIFACT_MISMATCH'),
    JSON.stringify(other.reasons),
  );
});

test('a payload changed after signing, or a key that is not pinned, fails the gate', async () => {
  const signature = sign('sha256', payloadFor(IMAGE), releaseKey.privateKey).toString('base64');
  const tampered = cosignSignatureDocument({ payload: payloadFor(OTHER), signature });
  const t = await signaturesGate(tampered, OTHER);
  assert.equal(t.ok, false);
  assert.ok(
    t.reasons.some((r) => r.code === 'SIGNATURE_INVALID'),
    JSON.stringify(t.reasons),
  );
  const payload = payloadFor(IMAGE);
  const unpinned = cosignSignatureDocument({
    payload,
    signature: sign('sha256', payload, otherKey.privateKey).toString('base64'),
  });
  assert.equal((await signaturesGate(unpinned, IMAGE)).ok, false);
});

test('stored view: container cosign-simple-signing, the claimed image as subject; not an attestation', () => {
  const payload = payloadFor(IMAGE);
  const doc = cosignSignatureDocument({
    payload,
    signature: sign('sha256', payload, releaseKey.privateKey).toString('base64'),
  });
  const { format, view } = parseTrustEvidence('signature', doc);
  assert.equal(format, 'cosign-simple-signing');
  assert.equal(view.container, 'cosign-simple-signing');
  assert.deepEqual(view.subjectDigests, [{ sha256: IMAGE.slice(7) }]);
  assertVerificationError(() => parseTrustEvidence('attestation', doc), 'EVIDENCE_KIND_MISMATCH');
});

test('the Rekor bundle annotation becomes a v0.1 tlog entry with its signed entry timestamp as inclusion promise', async () => {
  const payload = payloadFor(IMAGE);
  const body = Buffer.from(JSON.stringify({ apiVersion: '0.0.1', kind: 'hashedrekord', spec: {} })).toString('base64');
  const rekorBundle = JSON.stringify({
    SignedEntryTimestamp: 'c2V0',
    Payload: {
      body,
      integratedTime: 1764460800,
      logIndex: 42,
      logID: 'c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d',
    },
  });
  const bytes = cosignSignatureDocument({ payload, signature: 'c2ln', rekorBundle });
  const doc = JSON.parse(Buffer.from(bytes).toString()) as {
    bundle: { mediaType: string; verificationMaterial: { tlogEntries: Array<Record<string, unknown>> } };
  };
  assert.equal(doc.bundle.mediaType, 'application/vnd.dev.sigstore.bundle+json;version=0.1');
  assert.deepEqual(doc.bundle.verificationMaterial.tlogEntries[0], {
    logIndex: '42',
    logId: {
      keyId: Buffer.from('c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d', 'hex').toString('base64'),
    },
    kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
    integratedTime: '1764460800',
    inclusionPromise: { signedEntryTimestamp: 'c2V0' },
    canonicalizedBody: body,
  });
  // A log entry from a log no pinned root knows: the gate refuses it (the entry is read, not ignored).
  const gate = await signaturesGate(bytes, IMAGE);
  assert.ok(
    gate.reasons.some((r) => r.code === 'ROOT_NOT_PINNED'),
    JSON.stringify(gate.reasons),
  );
  assertVerificationError(() => cosignSignatureDocument({ payload, signature: 'not base64!' }), 'BUNDLE_MALFORMED');
  assertVerificationError(
    () => cosignSignatureDocument({ payload, signature: 'c2ln', rekorBundle: '{"Payload":{}}' }),
    'BUNDLE_MALFORMED',
  );
});

test('a payload that is not a cosign container image signature is refused at ingest', () => {
  const payload = Buffer.from('{"critical":{"type":"something else"}}');
  const doc = cosignSignatureDocument({
    payload,
    signature: sign('sha256', payload, releaseKey.privateKey).toString('base64'),
  });
  assertVerificationError(() => parseTrustEvidence('signature', doc), 'STATEMENT_MALFORMED');
});

// Keyless, with real Sigstore public-good data: sigstore-conformance's happy-path-v0.1 bundle
// (../shared/conformance/sigstore-conformance, SOURCES.md §1) taken apart into the annotations cosign
// writes (certificate PEM, signature, Rekor bundle with its signed entry timestamp) and put back
// together by cosignSignatureDocument: the result verifies against the production trusted root with
// the Fulcio identity and the Rekor SET, and a changed SET does not.
test('cosign annotations from a real keyless signature verify against the pinned production root', (t) => {
  const base = sharedPath('conformance', 'sigstore-conformance');
  if (base === undefined) return t.skip(SHARED_SKIP);
  const original = JSON.parse(
    readFileSync(join(base, 'bundle-verify', 'happy-path-v0.1', 'bundle.sigstore.json'), 'utf8'),
  );
  const artifact = readFileSync(join(base, 'a.txt'));
  const vm = original.verificationMaterial;
  const entry = vm.tlogEntries[0];
  const certificate = `-----BEGIN CERTIFICATE-----\n${vm.x509CertificateChain.certificates[0].rawBytes}\n-----END CERTIFICATE-----\n`;
  const rekor = (set: string) =>
    JSON.stringify({
      SignedEntryTimestamp: set,
      Payload: {
        body: entry.canonicalizedBody,
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
      },
    });
  const cases = JSON.parse(readFileSync(join(base, 'cases.json'), 'utf8')).cases as Array<{
    name: string;
    identity: string;
    issuer: string;
    trustedRoot: string;
  }>;
  const c = cases.find((x) => x.name === 'happy-path-v0.1')!;
  const root = parseTrustedRoot(readFileSync(join(base, c.trustedRoot)), 'production');
  const identities = [{ subject: compileMatcher({ exact: c.identity }), issuer: compileMatcher({ exact: c.issuer }) }];
  const verify = (set: string) => {
    const doc = JSON.parse(
      Buffer.from(
        cosignSignatureDocument({
          payload: artifact,
          signature: original.messageSignature.signature,
          certificate,
          rekorBundle: rekor(set),
        }),
      ).toString(),
    );
    return verifyBundle(
      decodeBundle(doc.bundle),
      artifactFromBytes(artifact),
      { roots: [root], keys: [] },
      { identities },
      NOW,
    );
  };
  const v = verify(entry.inclusionPromise.signedEntryTimestamp);
  assert.equal(v.identity, c.identity);
  assert.equal(v.timeSource, 'tlog');
  assert.equal(v.logIndex, entry.logIndex);
  assertVerificationError(
    () => verify(flipBase64(entry.inclusionPromise.signedEntryTimestamp)),
    'TLOG_INCLUSION_PROMISE_INVALID',
  );
});

test("cosign's RFC 3161 timestamp annotation becomes the bundle's timestampVerificationData; a malformed one is refused", () => {
  const payload = payloadFor(IMAGE);
  const timestamp = JSON.stringify({ SignedRFC3161Timestamp: 'MIIB' });
  const doc = JSON.parse(
    Buffer.from(cosignSignatureDocument({ payload, signature: 'c2ln', timestamp })).toString(),
  ) as {
    bundle: { verificationMaterial: { timestampVerificationData?: unknown } };
  };
  assert.deepEqual(doc.bundle.verificationMaterial.timestampVerificationData, {
    rfc3161Timestamps: [{ signedTimestamp: 'MIIB' }],
  });
  for (const bad of ['not json', '{}', '{"SignedRFC3161Timestamp":"%%"}'])
    assertVerificationError(
      () => cosignSignatureDocument({ payload, signature: 'c2ln', timestamp: bad }),
      'BUNDLE_MALFORMED',
    );
});

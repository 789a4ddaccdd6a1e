// Every case of sigstore-conformance (sigstore/sigstore-conformance @ a73de49, test/assets/bundle-verify,
// indexed by ../shared/conformance/sigstore-conformance/cases.json): outcome AND error code, plus
// one-byte tampering of each passing case's signature, artifact and inclusion proof.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARED_SKIP, sharedPath } from '../../support/shared-data.js';
import { artifactFromBytes, type ArtifactRef } from '../../../src/trust/verify/artifact-ref.js';
import { verifyBundle } from '../../../src/trust/verify/bundle-verifier.js';
import { compileMatcher } from '../../../src/trust/policy/identity-matcher.js';
import { parsePinnedKey, type PinnedKey } from '../../../src/trust/material/pinned-key.js';
import { parseTrustedRoot } from '../../../src/trust/material/trusted-root.js';
import type { VerificationErrorCode } from '../../../src/trust/verification-error.js';
import { assertVerificationError, flipBase64 } from '../assert-verification-error.js';

interface Case {
  name: string;
  expect: 'pass' | 'fail';
  bundle: string;
  artifact: string;
  trustedRoot: string;
  key: string | null;
  identity: string;
  issuer: string;
}

/** Expected code of every failing case (the reason its README gives, as our code). */
const EXPECTED: Record<string, VerificationErrorCode> = {
  'bundle-empty-certificate-chain_fail': 'BUNDLE_MALFORMED',
  'bundle-from-wrong-instance_fail': 'ROOT_NOT_PINNED',
  'bundle-invalid-base64-signature_fail': 'BUNDLE_MALFORMED',
  'bundle-malformed-json_fail': 'BUNDLE_MALFORMED',
  'bundle-negative-log-index_fail': 'BUNDLE_MALFORMED',
  'bundle-unknown-version_fail': 'BUNDLE_UNSUPPORTED_VERSION',
  'bundle-with-root-cert_fail': 'CERTIFICATE_INVALID',
  'checkpoint-bad-keyhint_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'checkpoint-wrong-roothash_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'dsse-invalid-sig_fail': 'TLOG_ENTRY_MISMATCH',
  'dsse-mismatch-envelope_fail': 'TLOG_ENTRY_MISMATCH',
  'dsse-mismatch-sig_fail': 'TLOG_ENTRY_MISMATCH',
  'inclusion-proof-corrupted-hash_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'incorrect-public-key_fail': 'TLOG_INCLUSION_PROMISE_INVALID',
  'integrated-time-in-future_fail': 'CERTIFICATE_INVALID',
  'intoto-expired-certificate_fail': 'CERTIFICATE_INVALID',
  'intoto-log-entry-mismatch_fail': 'TLOG_ENTRY_MISMATCH',
  'intoto-missing-inclusion-proof_fail': 'BUNDLE_MALFORMED',
  'intoto-set-outside-signing-cert-validity_fail': 'CERTIFICATE_INVALID',
  'intoto-tsa-timestamp-outside-cert-validity_fail': 'CERTIFICATE_INVALID',
  'invalid-checkpoint-signature_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'invalid-ct-key_fail': 'SCT_INVALID',
  'invalid-inclusion-proof_fail': 'BUNDLE_MALFORMED',
  'managed-key-no-key_fail': 'KEY_NOT_PINNED',
  'managed-key-wrong-key_fail': 'KEY_MALFORMED',
  'message-digest-mismatch_fail': 'ARTIFACT_MISMATCH',
  'rekor2-checkpoint-missing-log-signature_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'rekor2-checkpoint-missing-origin_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'rekor2-checkpoint-missing-root-hash_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'rekor2-checkpoint-missing-size_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'rekor2-checkpoint-no-matching-signature_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'rekor2-dsse-invalid-sig_fail': 'TLOG_ENTRY_MISMATCH',
  'rekor2-dsse-mismatch-envelope_fail': 'TLOG_ENTRY_MISMATCH',
  'rekor2-dsse-mismatch-sig_fail': 'TLOG_ENTRY_MISMATCH',
  'rekor2-no-inclusion-proof_fail': 'BUNDLE_MALFORMED',
  'rekor2-no-timestamp_fail': 'TIMESTAMP_THRESHOLD_NOT_MET',
  'rekor2-timestamp-outside-trust-root-tsa-validity_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-outside-tsa-cert-validity_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-payload-mismatch_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-with-incorrect-time_fail': 'CERTIFICATE_INVALID',
  'set-invalid-signature_fail': 'TLOG_INCLUSION_PROMISE_INVALID',
  'signature-mismatch_fail': 'TLOG_ENTRY_MISMATCH',
  'trust-root-tlog-missing-validity-start_fail': 'TRUSTED_ROOT_MALFORMED',
  'wrong-hashedrekord-artifact_fail': 'TLOG_ENTRY_MISMATCH',
  'wrong-hashedrekord-cert-and-sig_fail': 'TLOG_ENTRY_MISMATCH',
  'wrong-hashedrekord-entry_fail': 'TLOG_ENTRY_MISMATCH',
  'wrong-material_fail': 'ARTIFACT_MISMATCH',
};

// Fixed clock after every bundle in the suite (newest: 2025), so "signed in the future" stays testable.
const NOW = new Date('2026-11-22T10:00:00Z');
const base = sharedPath('conformance', 'sigstore-conformance');
const cases: Case[] =
  base === undefined ? [] : (JSON.parse(readFileSync(join(base, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;

function run(c: Case, bundle: Uint8Array, artifact: ArtifactRef) {
  const dir = base as string;
  const root = parseTrustedRoot(readFileSync(join(dir, c.trustedRoot)), 'conformance-root');
  const keys: PinnedKey[] = c.key === null ? [] : [parsePinnedKey(readFileSync(join(dir, c.key)), 'conformance-key')];
  const identities =
    c.key === null
      ? [{ subject: compileMatcher({ exact: c.identity }), issuer: compileMatcher({ exact: c.issuer }) }]
      : [];
  return verifyBundle(bundle, artifact, { roots: [root], keys }, { identities }, NOW);
}

const load = (c: Case) => ({
  bundle: readFileSync(join(base as string, c.bundle)),
  artifact: artifactFromBytes(readFileSync(join(base as string, c.artifact))),
});

test('cases.json lists 70 cases, 21 pass and 49 fail, each failure with an expected code', (t) => {
  if (base === undefined) return t.skip(SHARED_SKIP);
  assert.equal(cases.length, 70);
  assert.equal(cases.filter((c) => c.expect === 'pass').length, 21);
  const failing = cases.filter((c) => c.expect === 'fail').map((c) => c.name);
  assert.equal(failing.length, 49);
  assert.deepEqual(failing.sort(), Object.keys(EXPECTED).sort());
});

for (const c of cases) {
  test(`conformance ${c.name} → ${c.expect}`, () => {
    const { bundle, artifact } = load(c);
    if (c.expect === 'pass') {
      const v = run(c, bundle, artifact);
      assert.ok(v.signedAt !== undefined, 'a verified bundle says when it was signed');
      assert.ok(v.logIndex !== undefined, 'and which log entry it relied on');
      if (c.key === null) {
        assert.equal(v.identity, c.identity);
        assert.equal(v.issuer, c.issuer);
        assert.equal(v.trustRoot, 'conformance-root');
      } else {
        assert.equal(v.trustRoot, 'conformance-key');
        assert.match(v.keyId ?? '', /^sha256:[0-9a-f]{64}$/);
      }
    } else {
      const code = EXPECTED[c.name];
      assert.ok(code !== undefined, `no expected code for ${c.name}`);
      assertVerificationError(() => run(c, bundle, artifact), code);
    }
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the tests reach into arbitrary bundle JSON to tamper with it
type Json = Record<string, any>;
const mutate = (bundle: Buffer, f: (json: Json) => void): Uint8Array => {
  const json = JSON.parse(bundle.toString('utf8')) as Json;
  f(json);
  return Buffer.from(JSON.stringify(json));
};

for (const c of cases.filter((x) => x.expect === 'pass')) {
  test(`conformance ${c.name}: one flipped byte in the signature fails`, () => {
    const { bundle, artifact } = load(c);
    const tampered = mutate(bundle, (j) => {
      if (j.messageSignature !== undefined) j.messageSignature.signature = flipBase64(j.messageSignature.signature);
      else j.dsseEnvelope.signatures[0].sig = flipBase64(j.dsseEnvelope.signatures[0].sig);
    });
    // sigstore-js checks RFC 3161 tokens (which sign the signature) and log entries before the signature.
    assertVerificationError(
      () => run(c, tampered, artifact),
      ['SIGNATURE_INVALID', 'TLOG_ENTRY_MISMATCH', 'TIMESTAMP_INVALID'],
    );
  });

  test(`conformance ${c.name}: one flipped byte in the artifact fails`, () => {
    const { bundle } = load(c);
    const bytes = Buffer.from(readFileSync(join(base as string, c.artifact)));
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    const dsse = JSON.parse(bundle.toString('utf8')).dsseEnvelope !== undefined;
    assertVerificationError(
      () => run(c, bundle, artifactFromBytes(bytes)),
      dsse ? 'SUBJECT_MISMATCH' : 'ARTIFACT_MISMATCH',
    );
  });

  test(`conformance ${c.name}: one flipped byte in the inclusion proof fails`, () => {
    const { bundle, artifact } = load(c);
    const tampered = mutate(bundle, (j) => {
      const proof = j.verificationMaterial.tlogEntries[0].inclusionProof;
      if (proof.hashes.length > 0) proof.hashes[0] = flipBase64(proof.hashes[0]);
      else proof.rootHash = flipBase64(proof.rootHash);
    });
    assertVerificationError(() => run(c, tampered, artifact), 'TLOG_INCLUSION_PROOF_INVALID');
  });
}

// @sigstore/verify 3.x counts a repeated tlog entry twice; a policy asking for two entries must get two.
const single = cases.find((c) => c.expect === 'pass' && c.key === null);
test('a tlog entry copied twice does not meet a threshold of two distinct entries', {
  skip: single === undefined ? SHARED_SKIP : false,
}, () => {
  const c = single!;
  const { bundle, artifact } = load(c);
  const doubled = mutate(bundle, (j) => {
    j.verificationMaterial.tlogEntries = [j.verificationMaterial.tlogEntries[0], j.verificationMaterial.tlogEntries[0]];
  });
  const dir = base as string;
  const root = parseTrustedRoot(readFileSync(join(dir, c.trustedRoot)), 'conformance-root');
  const identities = [{ subject: compileMatcher({ exact: c.identity }), issuer: compileMatcher({ exact: c.issuer }) }];
  assert.ok(
    verifyBundle(doubled, artifact, { roots: [root], keys: [] }, { identities }, NOW).logIndex !== undefined,
    'one distinct entry meets a threshold of one',
  );
  assertVerificationError(
    () => verifyBundle(doubled, artifact, { roots: [root], keys: [] }, { identities, tlogThreshold: 2 }, NOW),
    'TLOG_THRESHOLD_NOT_MET',
  );
});

// cosign attestations (`.att` layers): a key-signed envelope is stored as is; a keyless one, whose
// certificate and Rekor entry cosign keeps in layer annotations, becomes a v0.1 DSSE bundle that
// verifies like any other. Keyless data is real: sigstore-conformance's happy-path-intoto-in-dsse-v3
// (../shared/conformance/sigstore-conformance, SOURCES.md §1) taken apart into cosign's annotations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTrustedRoot } from '../../../src/trust/material/trusted-root.js';
import { compileMatcher } from '../../../src/trust/policy/identity-matcher.js';
import { artifactFromBytes } from '../../../src/trust/verify/artifact-ref.js';
import { readBundle } from '../../../src/trust/verify/bundle-reader.js';
import { verifyBundle } from '../../../src/trust/verify/bundle-verifier.js';
import { cosignAttestationEvidence } from '../../../src/trust/verify/cosign-attestation.js';
import { parseTrustEvidence } from '../../../src/trust/verify/trust-evidence.js';
import { SHARED_SKIP, sharedPath } from '../../support/shared-data.js';
import { assertVerificationError, flipBase64 } from '../assert-verification-error.js';
import { signedAttestation, slsaStatement } from '../trust-workspace-fixture.js';

const NOW = new Date('2026-11-30T10:00:00Z');

test('a key-signed .att layer without signer annotations is stored as its DSSE envelope', () => {
  const envelope = signedAttestation(slsaStatement('ab'.repeat(32)));
  assert.deepEqual(Buffer.from(cosignAttestationEvidence({ envelope })), envelope);
});

test('a keyless .att layer rebuilt from its annotations verifies against the production root; a changed SET does not', (t) => {
  const base = sharedPath('conformance', 'sigstore-conformance');
  if (base === undefined) return t.skip(SHARED_SKIP);
  const c = (
    JSON.parse(readFileSync(join(base, 'cases.json'), 'utf8')).cases as Array<{
      name: string;
      artifact: string;
      identity: string;
      issuer: string;
      trustedRoot: string;
      bundle: string;
    }>
  ).find((x) => x.name === 'happy-path-intoto-in-dsse-v3')!;
  const original = JSON.parse(readFileSync(join(base, c.bundle), 'utf8'));
  const vm = original.verificationMaterial;
  const entry = vm.tlogEntries[0];
  const certificate = `-----BEGIN CERTIFICATE-----\n${vm.certificate.rawBytes}\n-----END CERTIFICATE-----\n`;
  const envelope = Buffer.from(JSON.stringify(original.dsseEnvelope));
  const rekorBundle = (set: string) =>
    JSON.stringify({
      SignedEntryTimestamp: set,
      Payload: {
        body: entry.canonicalizedBody,
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
      },
    });
  const root = parseTrustedRoot(readFileSync(join(base, c.trustedRoot)), 'production');
  const identities = [{ subject: compileMatcher({ exact: c.identity }), issuer: compileMatcher({ exact: c.issuer }) }];
  const artifact = artifactFromBytes(readFileSync(join(base, c.artifact)));
  const stored = (set: string) => cosignAttestationEvidence({ envelope, certificate, rekorBundle: rekorBundle(set) });
  const bytes = stored(entry.inclusionPromise.signedEntryTimestamp);
  assert.equal(parseTrustEvidence('attestation', bytes).view.container, 'sigstore-bundle');
  const v = verifyBundle(readBundle(bytes), artifact, { roots: [root], keys: [] }, { identities }, NOW);
  assert.equal(v.kind, 'attestation');
  assert.equal(v.identity, c.identity);
  assert.equal(v.timeSource, 'tlog');
  const tampered = stored(flipBase64(entry.inclusionPromise.signedEntryTimestamp));
  assertVerificationError(
    () => verifyBundle(readBundle(tampered), artifact, { roots: [root], keys: [] }, { identities }, NOW),
    'TLOG_INCLUSION_PROMISE_INVALID',
  );
  assertVerificationError(
    () => cosignAttestationEvidence({ envelope: Buffer.from('{'), certificate }),
    'BUNDLE_MALFORMED',
  );
});

// DSSE protocol vectors (secure-systems-lab/dsse @ 82043ad, testvectors/vectors.json) and the SLSA VSA
// signed with a raw-P1363 ECDSA key (slsa-framework/slsa-verifier @ aaf98fd, cli/slsa-verifier/testdata/vsa),
// via ../shared/conformance/attestations. Plus generated keys for DER/P1363 and tampering properties.
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { SHARED_SKIP, sharedPath } from '../../support/shared-data.js';
import { artifactFromBytes } from '../../../src/trust/verify/artifact-ref.js';
import { preAuthEncoding } from '../../../src/trust/verify/dsse-pae.js';
import { verifyDsseAttestation, verifyDsseEnvelope } from '../../../src/trust/verify/dsse-verifier.js';
import { parsePinnedKey, pinnedKeyFromKeyObject } from '../../../src/trust/material/pinned-key.js';
import { assertVerificationError } from '../assert-verification-error.js';
import { fixedP256Key, statementFor } from '../keyed-bundle-fixture.js';

interface Vector {
  id: string;
  envelope: unknown;
  trustedKeys: string[];
  threshold: number;
  supportedPayloadTypes: string[];
  pae: string;
  expect: 'accept' | 'reject';
}
const dir = sharedPath('conformance', 'attestations');

test('DSSE protocol test vectors: accept/reject and PAE bytes', (t) => {
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const doc = JSON.parse(readFileSync(join(dir, 'dsse-testvectors', 'vectors.json'), 'utf8')) as {
    keys: Record<string, { public: string }>;
    vectors: Vector[];
  };
  assert.equal(doc.vectors.length, 9);
  const keyOf = (name: string) => {
    const x = Buffer.from(doc.keys[name]?.public ?? '', 'hex').toString('base64url');
    return pinnedKeyFromKeyObject(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), name);
  };
  let accepted = 0;
  for (const v of doc.vectors) {
    const env = v.envelope as { payloadType: string; payload: string };
    const payload = Buffer.from(env.payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    // `pae` is what was signed; for payload-type-swapped that is not the envelope's own PAE.
    if (v.id !== 'payload-type-swapped')
      assert.equal(preAuthEncoding(env.payloadType, payload).toString('hex'), v.pae, `${v.id}: PAE`);
    const run = () =>
      verifyDsseEnvelope(Buffer.from(JSON.stringify(v.envelope)), v.trustedKeys.map(keyOf), {
        threshold: v.threshold,
        payloadTypes: v.supportedPayloadTypes,
      });
    if (v.expect === 'accept') {
      assert.ok(run().signers.length >= v.threshold, v.id);
      accepted++;
    } else {
      assertVerificationError(run, ['SIGNATURE_INVALID', 'SIGNATURE_THRESHOLD_NOT_MET', 'PAYLOAD_TYPE_UNEXPECTED']);
    }
  }
  assert.equal(accepted, 6);
});

test('DSSE vectors: the specific reasons of the three rejections', (t) => {
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const doc = JSON.parse(readFileSync(join(dir, 'dsse-testvectors', 'vectors.json'), 'utf8')) as {
    keys: Record<string, { public: string }>;
    vectors: Vector[];
  };
  const keys = Object.entries(doc.keys).map(([name, k]) =>
    pinnedKeyFromKeyObject(
      createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(k.public, 'hex').toString('base64url') },
        format: 'jwk',
      }),
      name,
    ),
  );
  const byId = (id: string) => doc.vectors.find((v) => v.id === id) as Vector;
  const run = (v: Vector) => () =>
    verifyDsseEnvelope(Buffer.from(JSON.stringify(v.envelope)), keys, {
      threshold: v.threshold,
      payloadTypes: v.supportedPayloadTypes,
    });
  assertVerificationError(run(byId('payload-type-swapped')), 'SIGNATURE_INVALID');
  assertVerificationError(run(byId('empty-payload-type')), 'PAYLOAD_TYPE_UNEXPECTED');
  assertVerificationError(run(byId('threshold-two-one-key-twice')), 'SIGNATURE_THRESHOLD_NOT_MET');
});

test('SLSA VSA in plain DSSE, ECDSA P-256 raw r||s signature: verifies with its key id, not with another', (t) => {
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const vsaDir = join(dir, 'slsa-verifier', 'cli-testdata', 'vsa', 'gce', 'v1');
  const envelope = readFileSync(join(vsaDir, 'gke-gce-pre.bcid-vsa.jsonl'));
  const pem = readFileSync(join(vsaDir, 'vsa_signing_public_key.pem'));
  const opts = { payloadTypes: ['application/vnd.in-toto+json'], strictKeyId: true };
  const good = parsePinnedKey(pem, 'keystore://76574:prod:vsa_signing_public_key');
  const { signers, envelope: env } = verifyDsseEnvelope(envelope, [good], opts);
  assert.equal(signers[0], good);
  assert.equal(env.signatures[0]?.sig.length, 64, 'IEEE P1363 signature, not DER');
  // strict key ids (slsa-verifier VSA): the right key pinned under another id is not the signer's pinned key.
  assertVerificationError(
    () => verifyDsseEnvelope(envelope, [parsePinnedKey(pem, 'my_key_id')], opts),
    'KEY_NOT_PINNED',
  );
});

function makeAttestation(alg: 'p256-der' | 'p256-p1363' | 'ed25519', subjectBytes: Buffer) {
  const { publicKey, privateKey } =
    alg === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app', digest: { sha512: artifactFromBytes(subjectBytes).digests.sha512 } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: { buildType: 'x', externalParameters: {} },
      runDetails: { builder: { id: 'https://builder.example/v1' } },
    },
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const pae = preAuthEncoding('application/vnd.in-toto+json', payload);
  const sig =
    alg === 'ed25519'
      ? sign(null, pae, privateKey)
      : sign('sha256', pae, alg === 'p256-der' ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const envelope = {
    payloadType: 'application/vnd.in-toto+json',
    payload: payload.toString('base64'),
    signatures: [{ keyid: '', sig: sig.toString('base64') }],
  };
  return { key: pinnedKeyFromKeyObject(publicKey, `test-${alg}`), envelope };
}

const NOW = new Date('2026-11-22T10:00:00Z');
const KEYED = {
  identities: [],
  tlogThreshold: 0,
  timestampThreshold: 0,
  predicateTypes: ['https://slsa.dev/provenance/v1'],
};

for (const alg of ['p256-der', 'p256-p1363', 'ed25519'] as const) {
  test(`key-signed DSSE attestation (${alg}) verifies by sha512 subject and reports the key`, () => {
    const artifact = Buffer.from('artifact bytes');
    const { key, envelope } = makeAttestation(alg, artifact);
    const v = verifyDsseAttestation(
      Buffer.from(JSON.stringify(envelope)),
      artifactFromBytes(artifact),
      { roots: [], keys: [key] },
      KEYED,
      NOW,
    );
    assert.equal(v.kind, 'attestation');
    assert.equal(v.keyId, key.fingerprint);
    assert.equal(v.trustRoot, key.name);
    assert.equal(v.provenance?.builderId, 'https://builder.example/v1');
  });
}

test('key-signed DSSE: other artifact, unexpected predicate, unpinned key, expired key, policy needing a log', () => {
  const artifact = Buffer.from('artifact bytes');
  const { key, envelope } = makeAttestation('p256-der', artifact);
  const bytes = Buffer.from(JSON.stringify(envelope));
  const trust = { roots: [], keys: [key] };
  assertVerificationError(
    () => verifyDsseAttestation(bytes, artifactFromBytes(Buffer.from('other')), trust, KEYED, NOW),
    'SUBJECT_MISMATCH',
  );
  assertVerificationError(
    () =>
      verifyDsseAttestation(
        bytes,
        artifactFromBytes(artifact),
        trust,
        { ...KEYED, predicateTypes: ['https://spdx.dev/Document'] },
        NOW,
      ),
    'PREDICATE_TYPE_UNEXPECTED',
  );
  const other = makeAttestation('p256-der', artifact).key;
  assertVerificationError(
    () => verifyDsseAttestation(bytes, artifactFromBytes(artifact), { roots: [], keys: [other] }, KEYED, NOW),
    'SIGNATURE_INVALID',
  );
  const expired = { ...key, validFor: { end: new Date('2025-01-01T00:00:00Z') } };
  assertVerificationError(
    () => verifyDsseAttestation(bytes, artifactFromBytes(artifact), { roots: [], keys: [expired] }, KEYED, NOW),
    'KEY_EXPIRED',
  );
  assertVerificationError(
    () => verifyDsseAttestation(bytes, artifactFromBytes(artifact), trust, { ...KEYED, tlogThreshold: 1 }, NOW),
    'TLOG_THRESHOLD_NOT_MET',
  );
});

test('property: any single flipped bit in payload or signature is rejected', () => {
  const artifact = Buffer.from('artifact bytes');
  const { key, envelope } = makeAttestation('ed25519', artifact);
  const payload = Buffer.from(envelope.payload, 'base64');
  const sig = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
  fc.assert(
    fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 7 }), (inPayload, pos, bit) => {
      const target = Buffer.from(inPayload ? payload : sig);
      const i = pos % target.length;
      target[i] = (target[i] ?? 0) ^ (1 << bit);
      const tampered = {
        ...envelope,
        payload: (inPayload ? target : payload).toString('base64'),
        signatures: [{ keyid: '', sig: (inPayload ? sig : target).toString('base64') }],
      };
      assertVerificationError(
        () => verifyDsseEnvelope(Buffer.from(JSON.stringify(tampered)), [key]),
        'SIGNATURE_INVALID',
      );
    }),
    { numRuns: 200 },
  );
});

test('hostile envelopes get ENVELOPE_MALFORMED with a path, never a crash', () => {
  const key = makeAttestation('ed25519', Buffer.from('x')).key;
  const cases: Array<[unknown, string]> = [
    ['not json', ''],
    [[], ''],
    [{ payloadType: 1, payload: '', signatures: [] }, '/payloadType'],
    [{ payloadType: 'application/vnd.in-toto+json', payload: '!!', signatures: [{ sig: 'AA' }] }, '/payload'],
    [{ payloadType: 'application/vnd.in-toto+json', payload: 'AA', signatures: [] }, '/signatures'],
    [{ payloadType: 'application/vnd.in-toto+json', payload: 'AA', signatures: [{ sig: 5 }] }, '/signatures/0/sig'],
  ];
  for (const [doc, path] of cases) {
    const bytes = Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc));
    const e = assertVerificationError(() => verifyDsseEnvelope(bytes, [key]), 'ENVELOPE_MALFORMED');
    assert.equal(e.path, path);
  }
});

test('co-signed DSSE: a valid co-signer is relied on when the first signer has expired', () => {
  const artifact = Buffer.from('co-signed artifact');
  const [first, second] = [fixedP256Key('dsse-first-signer'), fixedP256Key('dsse-second-signer')];
  const statement = statementFor(artifact);
  const payloadType = 'application/vnd.in-toto+json';
  const pae = preAuthEncoding(payloadType, statement);
  const envelope = {
    payloadType,
    payload: statement.toString('base64'),
    signatures: [first, second].map((k) => ({
      keyid: k.pinned.fingerprint,
      sig: sign('sha256', pae, k.privateKey).toString('base64'),
    })),
  };
  const bytes = Buffer.from(JSON.stringify(envelope));
  const expired = { ...first.pinned, validFor: { end: new Date('2025-01-01T00:00:00Z') } };
  const v = verifyDsseAttestation(
    bytes,
    artifactFromBytes(artifact),
    { roots: [], keys: [expired, second.pinned] },
    KEYED,
    NOW,
  );
  assert.equal(v.keyId, second.pinned.fingerprint);
  const bothExpired = { ...second.pinned, validFor: { end: new Date('2025-06-01T00:00:00Z') } };
  assertVerificationError(
    () =>
      verifyDsseAttestation(
        bytes,
        artifactFromBytes(artifact),
        { roots: [], keys: [expired, bothExpired] },
        KEYED,
        NOW,
      ),
    'KEY_EXPIRED',
  );
});

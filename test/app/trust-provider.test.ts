// The trust provider wired into the gate service over a real SQLite store: key-signed DSSE SLSA
// provenance against a trust policy pinning that key, the deny cases with their reason codes, a
// key-based message-signature bundle, and a fail-closed trust policy (trust-provider-inputs.test.ts
// has the rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { codes, gate } from '../support/decision-gates.js';
import { keyedMessageBundle } from '../trust/keyed-bundle-fixture.js';
import { trustGateService } from './trust-gate-service.js';
import {
  otherKey,
  releaseKey,
  sha256,
  signedAttestation,
  slsaStatement,
  tampered,
  trustWorkspace,
} from '../trust/trust-workspace-fixture.js';

test('key-signed DSSE SLSA provenance pinned by the trust policy passes signatures and provenance in prod', async () => {
  const ws = trustWorkspace();
  const { store, svc } = await trustGateService(ws);
  try {
    const artifact = Buffer.from('release tarball');
    const digest = `sha256:${sha256(artifact)}`;
    const ingested = await svc.ingest(digest, [
      { kind: 'attestation', bytes: signedAttestation(slsaStatement(sha256(artifact))) },
    ]);
    assert.equal(ingested.evidence[0]!.format, 'dsse-envelope+slsa-v1');
    const { decision } = await svc.verify(digest, 'prod', 'never');
    assert.equal(decision.allow, true, JSON.stringify(decision.gates));
    const sig = gate(decision, 'signatures').reasons[0]!;
    assert.equal(sig.code, 'SIGNATURE_VERIFIED');
    assert.equal(
      (sig.details as { keyId: string }).keyId,
      releaseKey.pinned.fingerprint,
      'the reason names the key relied on',
    );
    assert.match(sig.message, /release-key/);
    assert.equal(codes(decision, 'provenance')[0], 'PROVENANCE_VERIFIED');
    assert.match(gate(decision, 'provenance').reasons[0]!.message, /generator_generic_slsa3/);
  } finally {
    await store.close();
  }
});

test('deny in enforce mode with the reason code: tampered payload, unpinned key, other artifact, disallowed builder/source', async () => {
  const ws = trustWorkspace();
  const { store, svc } = await trustGateService(ws);
  try {
    const cases: Array<{
      name: string;
      build: (hex: string) => Buffer;
      gate: 'signatures' | 'provenance';
      code: string;
    }> = [
      {
        name: 'payload altered after signing',
        build: (hex) => tampered(signedAttestation(slsaStatement(hex))),
        gate: 'signatures',
        code: 'SIGNATURE_INVALID',
      },
      {
        name: 'unpinned key',
        build: (hex) => signedAttestation(slsaStatement(hex), otherKey),
        gate: 'signatures',
        code: 'KEY_NOT_PINNED',
      },
      {
        name: 'subject of another artifact',
        build: () => signedAttestation(slsaStatement(sha256(Buffer.from('another artifact')))),
        gate: 'signatures',
        code: 'SUBJECT_MISMATCH',
      },
      {
        name: 'disallowed builder',
        build: (hex) => signedAttestation(slsaStatement(hex, 'https://evil.example/builder@v1')),
        gate: 'provenance',
        code: 'PROVENANCE_BUILDER_NOT_ALLOWED',
      },
      {
        name: 'disallowed source',
        build: (hex) => signedAttestation(slsaStatement(hex, undefined, 'https://github.com/acme/app-fork')),
        gate: 'provenance',
        code: 'PROVENANCE_SOURCE_NOT_ALLOWED',
      },
      // whole-string matching: a repository that merely starts with the allowed one is not allowed
      {
        name: 'source matching only as a prefix',
        build: (hex) => signedAttestation(slsaStatement(hex, undefined, 'https://github.com/acme/app/evil')),
        gate: 'provenance',
        code: 'PROVENANCE_SOURCE_NOT_ALLOWED',
      },
    ];
    for (const c of cases) {
      const artifact = Buffer.from(`artifact for ${c.name}`);
      const digest = `sha256:${sha256(artifact)}`;
      await svc.ingest(digest, [{ kind: 'attestation', bytes: c.build(sha256(artifact)) }]);
      const { decision } = await svc.verify(digest, 'prod', 'never');
      assert.equal(decision.allow, false, c.name);
      assert.equal(gate(decision, c.gate).result, 'fail', c.name);
      assert.ok(
        codes(decision, c.gate).includes(c.code),
        `${c.name}: ${JSON.stringify(gate(decision, c.gate).reasons)}`,
      );
      if (c.gate === 'provenance')
        assert.equal(gate(decision, 'signatures').result, 'pass', `${c.name}: the signature itself is fine`);
    }
  } finally {
    await store.close();
  }
});

test('a key-based Sigstore message-signature bundle over the digest passes signatures (no bytes needed: pre-hashed ECDSA)', async () => {
  const ws = trustWorkspace();
  const { store, svc } = await trustGateService(ws);
  try {
    const artifact = Buffer.from('signed blob');
    const digest = `sha256:${sha256(artifact)}`;
    await svc.ingest(digest, [
      { kind: 'signature', bytes: keyedMessageBundle(releaseKey.privateKey, releaseKey.pinned.fingerprint, artifact) },
    ]);
    const { decision } = await svc.verify(digest, 'prod', 'never');
    assert.equal(gate(decision, 'signatures').result, 'pass', JSON.stringify(gate(decision, 'signatures').reasons));
    assert.deepEqual(codes(decision, 'provenance'), ['PROVENANCE_MISSING']);
    // the same bundle stored under another digest covers nothing there
    const other = `sha256:${'1'.repeat(64)}`;
    await svc.ingest(other, [
      { kind: 'signature', bytes: keyedMessageBundle(releaseKey.privateKey, releaseKey.pinned.fingerprint, artifact) },
    ]);
    const denied = (await svc.verify(other, 'prod', 'never')).decision;
    assert.ok(
      codes(denied, 'signatures').includes('ARTIFACT_MISMATCH'),
      JSON.stringify(gate(denied, 'signatures').reasons),
    );
  } finally {
    await store.close();
  }
});

test('a missing or invalid trust policy fails both trust gates closed, and a fixed one takes effect', async () => {
  const ws = trustWorkspace();
  const { store, svc } = await trustGateService(ws);
  try {
    const artifact = Buffer.from('policy artifact');
    const digest = `sha256:${sha256(artifact)}`;
    await svc.ingest(digest, [{ kind: 'attestation', bytes: signedAttestation(slsaStatement(sha256(artifact))) }]);
    const good = readFileSync(ws.trustPolicyFile, 'utf8');
    rmSync(ws.trustPolicyFile);
    let d = (await svc.verify(digest, 'prod', 'never')).decision;
    assert.deepEqual(
      [codes(d, 'signatures'), codes(d, 'provenance')],
      [['TRUST_POLICY_MISSING'], ['TRUST_POLICY_MISSING']],
    );
    writeFileSync(ws.trustPolicyFile, good.replace('tlog_entries: 0', 'tlog_entries: nope'));
    svc.invalidate();
    d = (await svc.verify(digest, 'prod', 'never')).decision;
    assert.deepEqual(codes(d, 'signatures'), ['TRUST_POLICY_INVALID']);
    assert.match(gate(d, 'signatures').reasons[0]!.message, /POLICY_SCHEMA_INVALID.*trust-policy\.yaml:\d+:\d+/);
    writeFileSync(ws.trustPolicyFile, good.replace('  dev:', '  qa:'));
    svc.invalidate();
    d = (await svc.verify(digest, 'dev', 'never')).decision;
    assert.deepEqual(codes(d, 'signatures'), ['TRUST_ENVIRONMENT_UNKNOWN']);
    writeFileSync(ws.trustPolicyFile, good);
    svc.invalidate();
    assert.equal((await svc.verify(digest, 'prod', 'never')).decision.allow, true);
  } finally {
    await store.close();
  }
});

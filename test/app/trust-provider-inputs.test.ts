// The trust provider, continued: ingest-time structural rejection, keyless identities (whole-string
// match) on a sigstore-conformance bundle (../shared/conformance/sigstore-conformance, see SOURCES.md §1),
// key expiry against the decision cache, and a trust policy that throws while loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VerificationError } from '../../src/trust/verification-error.js';
import { codes, gate } from '../support/decision-gates.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';
import { NOW, trustGateService } from './trust-gate-service.js';
import { keyedMessageBundle } from '../trust/keyed-bundle-fixture.js';
import {
  releaseKey,
  sha256,
  signedAttestation,
  slsaStatement,
  trustPolicyYaml,
  trustWorkspace,
} from '../trust/trust-workspace-fixture.js';

test('ingest parses signatures and attestations structurally: malformed, unknown version, wrong kind → typed error, nothing stored', async () => {
  const ws = trustWorkspace();
  const { store, svc } = await trustGateService(ws);
  try {
    const digest = `sha256:${'2'.repeat(64)}`;
    const bundle = JSON.parse(keyedMessageBundle(releaseKey.privateKey, 'k', Buffer.from('x')).toString()) as Record<
      string,
      unknown
    >;
    const cases: Array<[kind: 'signature' | 'attestation', bytes: Buffer, code: string, errorKind: string]> = [
      [
        'signature',
        Buffer.from('{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verif'),
        'BUNDLE_MALFORMED',
        'malformed',
      ],
      [
        'signature',
        Buffer.from(JSON.stringify({ ...bundle, mediaType: 'application/vnd.dev.sigstore.bundle.v0.9+json' })),
        'BUNDLE_UNSUPPORTED_VERSION',
        'unsupported',
      ],
      ['signature', Buffer.from('{"hello": "world"}'), 'BUNDLE_MALFORMED', 'malformed'],
      ['attestation', Buffer.from(JSON.stringify(bundle)), 'EVIDENCE_KIND_MISMATCH', 'invalid'],
      [
        'attestation',
        Buffer.from(
          '{"payloadType": "application/vnd.in-toto+json", "payload": "not base64!", "signatures": [{"sig": "AA=="}]}',
        ),
        'ENVELOPE_MALFORMED',
        'malformed',
      ],
      [
        'attestation',
        Buffer.from(
          JSON.stringify({
            payloadType: 'application/vnd.in-toto+json',
            payload: Buffer.from('{"_type": "x"}').toString('base64'),
            signatures: [{ sig: 'AA==' }],
          }),
        ),
        'STATEMENT_MALFORMED',
        'malformed',
      ],
    ];
    for (const [kind, bytes, code, errorKind] of cases) {
      await assert.rejects(svc.ingest(digest, [{ kind, bytes }]), (e: unknown) => {
        assert.ok(e instanceof VerificationError, String(e));
        assert.equal(e.code, code);
        assert.equal(e.kind, errorKind);
        return true;
      });
    }
    assert.deepEqual(await store.listEvidence(digest as `sha256:${string}`), []);
  } finally {
    await store.close();
  }
});

test('keyless: the identity must match the whole SAN; a regexp matching only a substring denies', async (t) => {
  const dir = sharedPath('conformance', 'sigstore-conformance');
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const bundle = readFileSync(join(dir, 'bundle-verify', 'happy-path-v0.3', 'bundle.sigstore.json'));
  const digest = `sha256:${sha256(readFileSync(join(dir, 'bundle-verify', 'a.txt')))}`;
  const policy = (subject: string) => `version: 1
roots: [{ name: production, trusted_root: ${JSON.stringify(join(dir, 'default-trust-roots', 'production-trusted_root.json'))} }]
environments:
  prod:
    identities: [{ subject: ${subject}, issuer: { exact: "https://token.actions.githubusercontent.com" } }]
`;
  for (const [subject, expected] of [
    ['{ regexp: "extremely-dangerous-public-oidc-beacon" }', 'CERTIFICATE_IDENTITY_MISMATCH'],
    [
      '{ exact: "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon" }',
      'CERTIFICATE_IDENTITY_MISMATCH',
    ],
    [
      '{ regexp: "https://github\\\\.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.+@refs/heads/main" }',
      'SIGNATURE_VERIFIED',
    ],
  ] as const) {
    const ws = trustWorkspace(policy(subject));
    const { store, svc } = await trustGateService(ws);
    try {
      await svc.ingest(digest, [{ kind: 'signature', bytes: bundle }]);
      const d = (await svc.verify(digest, 'prod', 'never')).decision;
      assert.ok(
        codes(d, 'signatures').includes(expected),
        `${subject}: ${JSON.stringify(gate(d, 'signatures').reasons)}`,
      );
      if (expected === 'SIGNATURE_VERIFIED') {
        const details = gate(d, 'signatures').reasons[0]!.details as Record<string, string>;
        assert.deepEqual(
          [details.trustRoot, details.logIndex, details.signedAt],
          ['production', '79571823', '2024-03-19T17:26:26.000Z'],
          'root, log index and time relied on',
        );
      }
    } finally {
      await store.close();
    }
  }
});

test('an allow relying on a pinned key is not served from the decision cache after the key expires', async () => {
  const keyEnd = new Date(NOW.getTime() + 30_000);
  const ws = trustWorkspace(
    trustPolicyYaml().replace(
      'pem: release-key.pub',
      `pem: release-key.pub\n    valid_until: "${keyEnd.toISOString()}"`,
    ),
  );
  let now = NOW;
  const clock = () => now;
  // Default verification-cache TTL (60 s): the key ends first, so both caches must honour its end.
  const { store, svc } = await trustGateService(ws, clock);
  try {
    const artifact = Buffer.from('expiring key artifact');
    const digest = `sha256:${sha256(artifact)}`;
    await svc.ingest(digest, [{ kind: 'attestation', bytes: signedAttestation(slsaStatement(sha256(artifact))) }]);
    const first = await svc.verify(digest, 'prod', 'on-change');
    assert.equal(first.decision.allow, true, JSON.stringify(first.decision.gates));
    now = new Date(NOW.getTime() + 10_000);
    assert.equal(
      (await svc.verify(digest, 'prod', 'on-change')).cached,
      true,
      'within the key window the cached allow is served',
    );
    now = new Date(keyEnd.getTime() + 1_000);
    const after = await svc.verify(digest, 'prod', 'on-change');
    assert.equal(after.cached, false);
    assert.equal(after.decision.allow, false);
    assert.ok(
      codes(after.decision, 'signatures').includes('KEY_EXPIRED'),
      JSON.stringify(gate(after.decision, 'signatures').reasons),
    );
  } finally {
    await store.close();
  }
});

test('a trust policy that throws while loading fails both gates closed; the previous policy is not kept', async () => {
  const ws = trustWorkspace();
  const { store, svc } = await trustGateService(ws);
  try {
    const artifact = Buffer.from('alias bomb artifact');
    const digest = `sha256:${sha256(artifact)}`;
    await svc.ingest(digest, [{ kind: 'attestation', bytes: signedAttestation(slsaStatement(sha256(artifact))) }]);
    assert.equal((await svc.verify(digest, 'prod', 'never')).decision.allow, true);
    // yaml throws a plain ReferenceError when aliases expand past the limit.
    const bomb = `${readFileSync(ws.trustPolicyFile, 'utf8')}  a: { keys: &k [x, x, x, x, x, x, x, x] }\n${['b', 'c', 'd'].map((n) => `  ${n}: { keys: [*k, *k, *k, *k, *k, *k, *k, *k] }\n`).join('')}`;
    writeFileSync(ws.trustPolicyFile, bomb);
    svc.invalidate();
    for (let i = 0; i < 2; i++) {
      const d = (await svc.verify(digest, 'prod', 'never')).decision;
      assert.deepEqual(
        [codes(d, 'signatures'), codes(d, 'provenance')],
        [['TRUST_POLICY_INVALID'], ['TRUST_POLICY_INVALID']],
        `verify ${i + 1}`,
      );
    }
  } finally {
    await store.close();
  }
});

// POST /v1/artifacts/{d}/evidence?kind=signature|attestation and GET /v1/verify with the trust
// provider wired, in-process over every store engine: allow, deny with reason codes, and bad
// evidence as 400/422 with a code (never a 5xx, nothing stored).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { trustProviders } from '../support/trust-providers.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { buildApp } from '../../src/server/app.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { keyedMessageBundle } from '../trust/keyed-bundle-fixture.js';
import { testInstallation } from '../support/installation.js';
import {
  otherKey,
  releaseKey,
  sha256,
  signedAttestation,
  slsaStatement,
  tampered,
  trustWorkspace,
} from '../trust/trust-workspace-fixture.js';

const TOKEN = TEST_TOKEN;
const NOW = new Date('2026-11-22T10:00:00Z');

for (const engine of ENGINES) {
  describe(`trust over HTTP on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' };
    const post = (digest: string, kind: string, payload: Buffer) =>
      app.inject({ method: 'POST', url: `/v1/artifacts/${digest}/evidence?kind=${kind}`, payload, headers });

    before(async () => {
      const ws = trustWorkspace();
      store = await ReleaseStore.open((await engine.create()).engine, () => NOW);
      ({ app } = buildApp({
        services: testInstallation(
          ws,
          store,
          () => NOW,
          trustProviders(ws.trustPolicyFile, () => NOW, store),
        ),
        apiTokens: [TOKEN],
        bodyLimitBytes: 1024 * 1024,
      }));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('a pinned-key SLSA attestation: 201 at ingest, 200 allow with the key in the reasons', async () => {
      const artifact = Buffer.from(`http ok ${engine.name}`);
      const digest = `sha256:${sha256(artifact)}`;
      const r = await post(digest, 'attestation', signedAttestation(slsaStatement(sha256(artifact))));
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().evidence[0].format, 'dsse-envelope+slsa-v1');
      const v = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.equal(v.statusCode, 200, v.body);
      const sig = v.json().gates.find((g: { gate: string }) => g.gate === 'signatures');
      assert.equal(sig.reasons[0].code, 'SIGNATURE_VERIFIED');
      assert.equal(sig.reasons[0].details.keyId, releaseKey.pinned.fingerprint);
    });

    test('tampered and unpinned evidence: 403 deny with SIGNATURE_INVALID / KEY_NOT_PINNED; /metric stays 200', async () => {
      for (const [label, build, code] of [
        ['tampered', (hex: string) => tampered(signedAttestation(slsaStatement(hex))), 'SIGNATURE_INVALID'],
        ['unpinned', (hex: string) => signedAttestation(slsaStatement(hex), otherKey), 'KEY_NOT_PINNED'],
      ] as const) {
        const artifact = Buffer.from(`http ${label} ${engine.name}`);
        const digest = `sha256:${sha256(artifact)}`;
        assert.equal((await post(digest, 'attestation', build(sha256(artifact)))).statusCode, 201);
        const v = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
        assert.equal(v.statusCode, 403, label);
        const gates = v.json().gates as Array<{ gate: string; result: string; reasons: Array<{ code: string }> }>;
        for (const name of ['signatures', 'provenance']) {
          const g = gates.find((x) => x.gate === name)!;
          assert.equal(g.result, 'fail');
          assert.ok(
            g.reasons.some((x) => x.code === code),
            `${label}/${name}: ${JSON.stringify(g.reasons)}`,
          );
        }
        assert.equal((await app.inject(`/v1/verify/metric?digest=${digest}&env=prod`)).statusCode, 200);
      }
    });

    test('bad evidence: 400 malformed, 422 unknown version or wrong kind, never 5xx, nothing stored', async () => {
      const digest = `sha256:${'3'.repeat(64)}`;
      const bundle = JSON.parse(keyedMessageBundle(releaseKey.privateKey, 'k', Buffer.from('x')).toString()) as Record<
        string,
        unknown
      >;
      const cases: Array<[string, Buffer, number, string]> = [
        [
          'signature',
          Buffer.from('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":'),
          400,
          'BUNDLE_MALFORMED',
        ],
        [
          'signature',
          Buffer.from(JSON.stringify({ ...bundle, mediaType: 'application/vnd.dev.sigstore.bundle+json;version=9.9' })),
          422,
          'BUNDLE_UNSUPPORTED_VERSION',
        ],
        ['attestation', Buffer.from(JSON.stringify(bundle)), 422, 'EVIDENCE_KIND_MISMATCH'],
        ['attestation', Buffer.from('[1, 2, 3]'), 400, 'BUNDLE_MALFORMED'],
      ];
      for (const [kind, payload, status, code] of cases) {
        const r = await post(digest, kind, payload);
        assert.equal(r.statusCode, status, `${code}: ${r.body}`);
        assert.equal(r.json().error.code, code);
      }
      assert.equal((await app.inject(`/v1/artifacts/${digest}`)).statusCode, 404, 'nothing stored');
    });
  });
}

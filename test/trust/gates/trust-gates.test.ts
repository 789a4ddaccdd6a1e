// The signatures and provenance gates as production runs them: evidence verified by
// evaluateTrustChecks against one environment's pinned keys, roots and identities, then judged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Digest } from '../../../src/domain/digest.js';
import { artifactFromBytes } from '../../../src/trust/verify/artifact-ref.js';
import { evaluateTrustChecks, type TrustChecks } from '../../../src/trust/gates/trust-checks.js';
import { parseEvidenceRecord } from '../../../src/evidence/parse-evidence.js';
import { loadTrust, type LoadedTrust } from '../../../src/trust/policy/trust-environment.js';
import { parseTrustPolicy } from '../../../src/trust/policy/trust-policy.js';
import { trustVerifyAction } from '../../../src/app/trust-verify-action.js';
import { SHARED_SKIP, sharedPath } from '../../support/shared-data.js';
import { fixedP256Key, keyedDsse, keyedMessageBundle, statementFor } from '../keyed-bundle-fixture.js';
import { sha256 } from '../trust-workspace-fixture.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const release = fixedP256Key('release-key');
const rogue = fixedP256Key('rogue-key');
const ARTIFACT = Buffer.from('registry.example/acme/api image manifest');
const DIGEST = `sha256:${artifactFromBytes(ARTIFACT).digests.sha256}` as Digest;
const PROVENANCE = {
  buildDefinition: {
    buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
    externalParameters: {
      workflow: {
        repository: 'https://github.com/acme/api',
        ref: 'refs/tags/v1.2.3',
        path: '.github/workflows/release.yml',
      },
    },
  },
  runDetails: {
    builder: {
      id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0',
    },
  },
};
const POLICY = `version: 1
keys:
  - name: release-key
    pem: release.pem
  - name: rogue-key
    pem: rogue.pem
environments:
  prod:
    keys: [release-key]
    builders: [{ exact: "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml" }]
    source_repositories: [{ exact: "https://github.com/acme/api" }]
    tlog_entries: 0
    timestamps: 0
  dev:
    keys: [release-key, rogue-key]
    builders: [{ regexp: "https://github\\\\.com/acme/.+" }]
    source_repositories: [{ regexp: "https://github\\\\.com/acme/.+" }]
    tlog_entries: 0
    timestamps: 0
`;
const pem = (k: typeof release) => Buffer.from(k.publicKey.export({ format: 'pem', type: 'spki' }) as string);
const loaded = loadTrust(parseTrustPolicy(POLICY), (p) => (p === 'release.pem' ? pem(release) : pem(rogue)));

/** Stored evidence as ingest records it, verified and judged for `env`. */
async function judge(
  env: string,
  evidence: Array<{ kind: 'signature' | 'attestation'; bytes: Buffer }>,
  digest = DIGEST,
  trust: LoadedTrust = loaded,
): Promise<TrustChecks> {
  const stored = new Map<string, Buffer>();
  for (const { kind, bytes } of evidence) {
    parseEvidenceRecord(kind, bytes); // what ingest checks before storing
    stored.set(`sha256:${sha256(bytes)}`, bytes);
  }
  const items = evidence.map(({ kind, bytes }) => ({ kind, sha256: `sha256:${sha256(bytes)}` }));
  return evaluateTrustChecks(items, async (sha) => stored.get(sha), trust, 'h', env, digest, NOW);
}
const signature = (bytes: Buffer) => ({ kind: 'signature' as const, bytes });
const attestation = (bytes: Buffer) => ({ kind: 'attestation' as const, bytes });
const codes = (r: { reasons: Array<{ code: string }> }) => r.reasons.map((x) => x.code);

test('signatures gate passes a pinned key signature and says which key it relied on', async () => {
  const r = (await judge('prod', [signature(keyedMessageBundle(release.privateKey, '', ARTIFACT))])).signatures;
  assert.equal(r.ok, true);
  assert.equal(r.reasons[0]?.code, 'SIGNATURE_VERIFIED');
  assert.equal(r.reasons[0]?.details?.keyId, release.pinned.fingerprint);
  assert.equal(r.reasons[0]?.details?.trustRoot, 'release-key');
});

test('signatures gate denies: no signature, another artifact, a key this environment does not pin', async () => {
  assert.deepEqual(codes((await judge('prod', [])).signatures), ['SIGNATURE_MISSING']);
  assert.deepEqual(
    codes(
      (await judge('prod', [signature(keyedMessageBundle(release.privateKey, '', Buffer.from('other')))])).signatures,
    ),
    ['SIGNATURE_MISSING', 'ARTIFACT_MISMATCH'],
  );
  const byRogue = attestation(
    keyedDsse(
      rogue.privateKey,
      rogue.pinned.fingerprint,
      statementFor(ARTIFACT, 'https://slsa.dev/provenance/v1', PROVENANCE),
    ).envelope,
  );
  const denied = (await judge('prod', [byRogue])).signatures;
  assert.equal(denied.ok, false);
  assert.deepEqual(codes(denied), ['SIGNATURE_MISSING', 'KEY_NOT_PINNED']);
  assert.equal((await judge('dev', [byRogue])).signatures.ok, true, 'dev pins the rogue key too');
  // A bundle naming no key is tried with every key the environment pins: none verifies it.
  assert.deepEqual(
    codes((await judge('prod', [signature(keyedMessageBundle(rogue.privateKey, '', ARTIFACT))])).signatures),
    ['SIGNATURE_MISSING', 'SIGNATURE_INVALID'],
  );
});

test('tampered evidence never verifies, and its failure is explained by the gate', async () => {
  const bundle = JSON.parse(keyedMessageBundle(release.privateKey, '', ARTIFACT).toString()) as {
    messageSignature: { signature: string };
  };
  const sig = Buffer.from(bundle.messageSignature.signature, 'base64');
  sig[10] = (sig[10] ?? 0) ^ 1;
  bundle.messageSignature.signature = sig.toString('base64');
  const r = (await judge('prod', [signature(Buffer.from(JSON.stringify(bundle)))])).signatures;
  assert.equal(r.ok, false);
  assert.deepEqual(codes(r), ['SIGNATURE_MISSING', 'SIGNATURE_INVALID']);
});

test('provenance gate: allowed builder and source pass; other builder, other repo and wrong signer fail', async () => {
  const att = (predicate: unknown, key = release) =>
    attestation(
      keyedDsse(
        key.privateKey,
        key.pinned.fingerprint,
        statementFor(ARTIFACT, 'https://slsa.dev/provenance/v1', predicate),
      ).bundle,
    );
  const ok = (await judge('prod', [att(PROVENANCE)])).provenance;
  assert.equal(ok.ok, true, JSON.stringify(ok.reasons));
  assert.equal(ok.reasons[0]?.details?.sourceRepository, 'https://github.com/acme/api');
  const otherBuilder = {
    ...PROVENANCE,
    runDetails: { builder: { id: 'https://github.com/evil/builder/.github/workflows/b.yml@refs/tags/v1' } },
  };
  assert.deepEqual(codes((await judge('prod', [att(otherBuilder)])).provenance), ['PROVENANCE_BUILDER_NOT_ALLOWED']);
  const otherRepo = {
    ...PROVENANCE,
    buildDefinition: {
      ...PROVENANCE.buildDefinition,
      externalParameters: { workflow: { repository: 'https://github.com/acme/api-fork' } },
    },
  };
  assert.deepEqual(codes((await judge('prod', [att(otherRepo)])).provenance), ['PROVENANCE_SOURCE_NOT_ALLOWED']);
  const byRogue = attestation(
    keyedDsse(
      rogue.privateKey,
      rogue.pinned.fingerprint,
      statementFor(ARTIFACT, 'https://slsa.dev/provenance/v1', PROVENANCE),
    ).envelope,
  );
  assert.deepEqual(codes((await judge('prod', [byRogue])).provenance), ['PROVENANCE_MISSING', 'KEY_NOT_PINNED']);
  assert.deepEqual(codes((await judge('prod', [])).provenance), ['PROVENANCE_MISSING']);
});

test('keyless signatures gate: identity must match the whole string under an accepted root', async (t) => {
  const base = sharedPath('conformance', 'sigstore-conformance');
  if (base === undefined) return t.skip(SHARED_SKIP);
  const root = readFileSync(join(base, 'default-trust-roots', 'production-trusted_root.json'));
  const policy = (subject: string) => `version: 1
roots: [{ name: production, trusted_root: root.json }]
environments:
  prod:
    identities:
      - subject: ${subject}
        issuer: { exact: "https://token.actions.githubusercontent.com" }
`;
  const bundle = signature(readFileSync(join(base, 'bundle-verify', 'happy-path-v0.3', 'bundle.sigstore.json')));
  const artifactBytes = readFileSync(join(base, 'bundle-verify', 'a.txt'));
  const digest = `sha256:${artifactFromBytes(artifactBytes).digests.sha256}` as Digest;
  const trust = (subject: string) => loadTrust(parseTrustPolicy(policy(subject)), () => root);
  const exact = trust(
    '{ exact: "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main" }',
  );
  const pass = (await judge('prod', [bundle], digest, exact)).signatures;
  assert.equal(pass.ok, true);
  for (const k of ['trustRoot', 'identity', 'issuer', 'logIndex', 'signedAt'])
    assert.ok(pass.reasons[0]?.details?.[k] !== undefined, k);
  const substring = trust('{ regexp: "https://github\\\\.com/sigstore-conformance/" }');
  assert.deepEqual(codes((await judge('prod', [bundle], digest, substring)).signatures), [
    'SIGNATURE_MISSING',
    'CERTIFICATE_IDENTITY_MISMATCH',
  ]);
});

test('trustVerifyAction: exit 0 verified, 1 for any verification failure, 2 for usage', (t) => {
  const files: Record<string, Buffer> = {
    'b.json': keyedMessageBundle(release.privateKey, '', ARTIFACT),
    'art.bin': ARTIFACT,
    'key.pub': pem(release),
    'rogue.pub': pem(rogue),
    'garbage.json': Buffer.from('{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMat'),
    'v99.json': Buffer.from('{"mediaType": "application/vnd.dev.sigstore.bundle+json;version=99.9"}'),
  };
  const readFile = (p: string) => files[p] ?? assert.fail(Object.assign(new Error(`ENOENT ${p}`)));
  const run = (o: Parameters<typeof trustVerifyAction>[0]) =>
    trustVerifyAction({ readFile, now: NOW, insecureIgnoreTlog: true, ...o });
  assert.equal(run({ bundle: 'b.json', key: 'key.pub', artifact: 'art.bin' }).exitCode, 0);
  assert.equal(
    run({ bundle: 'b.json', key: 'key.pub', artifact: DIGEST }).exitCode,
    0,
    'digest-only, verified pre-hashed',
  );
  const wrongKey = run({ bundle: 'b.json', key: 'rogue.pub', artifact: 'art.bin' });
  assert.equal(wrongKey.exitCode, 1);
  assert.equal(wrongKey.status === 'failed' && wrongKey.error.code, 'SIGNATURE_INVALID');
  const garbage = run({ bundle: 'garbage.json', key: 'key.pub', artifact: 'art.bin' });
  assert.equal(garbage.status === 'failed' && garbage.error.code, 'BUNDLE_MALFORMED');
  const v99 = run({ bundle: 'v99.json', key: 'key.pub', artifact: 'art.bin' });
  assert.equal(v99.status === 'failed' && v99.error.code, 'BUNDLE_UNSUPPORTED_VERSION');
  assert.equal(run({ bundle: 'b.json', key: 'key.pub', artifact: `sha256:${'0'.repeat(64)}` }).exitCode, 1);
  assert.equal(run({ bundle: 'b.json', key: 'key.pub', artifact: 'sha256:XYZ' }).exitCode, 2);
  assert.equal(run({ bundle: 'b.json', artifact: 'art.bin' }).exitCode, 2, 'neither identity nor key');
  assert.equal(run({ bundle: 'b.json', key: 'key.pub', certificateIdentity: 'x', artifact: 'art.bin' }).exitCode, 2);
  assert.equal(run({ bundle: 'missing.json', key: 'key.pub', artifact: 'art.bin' }).exitCode, 2);
  assert.equal(
    run({ bundle: 'b.json', certificateIdentityRegexp: '(', certificateOidcIssuer: 'i', artifact: 'art.bin' }).exitCode,
    2,
  );
  const base = sharedPath('conformance', 'sigstore-conformance');
  if (base === undefined) return t.skip(SHARED_SKIP);
  const real = trustVerifyAction({
    bundle: join(base, 'bundle-verify', 'happy-path-v0.3', 'bundle.sigstore.json'),
    certificateIdentityRegexp: 'https://github\\.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.+',
    certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
    artifact: join(base, 'bundle-verify', 'a.txt'),
    now: NOW,
  });
  assert.equal(real.exitCode, 0, 'default trusted root = the embedded public-good root');
});

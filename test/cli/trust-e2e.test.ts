// The built mc (dist/cli/main.js under plain node): mc trust init, ingest of signatures and
// attestations, verify with the signatures and provenance gates enforced, and mc trust verify on a
// real sigstore-conformance bundle (../shared/conformance/sigstore-conformance, SOURCES.md §1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrustPolicy } from '../../src/trust/policy/trust-policy.js';
import { SHARED_SKIP, repoRoot, sharedPath } from '../support/shared-data.js';
import { keyedMessageBundle } from '../trust/keyed-bundle-fixture.js';
import {
  TRUST_GATES,
  otherKey,
  releaseKey,
  sha256,
  signedAttestation,
  slsaStatement,
  tampered,
  trustPolicyYaml,
} from '../trust/trust-workspace-fixture.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const skip = existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)';

function mc(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_TRUST_POLICY: '', MC_NOW: '2026-11-22T10:00:00Z' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mc trust init writes the public-good policy and root, refuses to overwrite without --force', { skip }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-trust-'));
  const first = mc(cwd, 'trust', 'init', '--json');
  assert.equal(first.code, 0, first.err);
  assert.deepEqual(JSON.parse(first.out).written, [
    'SECURITY/trust-policy.yaml',
    'SECURITY/sigstore-public-good.trusted_root.json',
  ]);
  const policy = parseTrustPolicy(readFileSync(join(cwd, 'SECURITY', 'trust-policy.yaml'), 'utf8'));
  assert.deepEqual(
    policy.roots.map((r) => r.name),
    ['sigstore-public-good'],
  );
  assert.deepEqual(policy.keys, []);
  assert.equal(
    policy.roots[0]?.sha256,
    sha256(readFileSync(join(cwd, 'SECURITY', 'sigstore-public-good.trusted_root.json'))),
  );
  const again = mc(cwd, 'trust', 'init');
  assert.equal(again.code, 2);
  assert.match(again.err, /TRUST_POLICY_EXISTS/);
  assert.equal(mc(cwd, 'trust', 'init', '--force').code, 0);
  assert.equal(mc(cwd, 'trust', 'verify', '--help').code, 0);
  assert.match(mc(cwd, 'trust', 'verify', '--help').out, /Examples:/);
});

test('mc ingest --attestation/--signature, then mc verify --env prod enforces signatures and provenance', {
  skip,
}, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-trust-'));
  assert.equal(mc(cwd, 'init').code, 0);
  writeFileSync(join(cwd, 'policy', 'data', 'gates.yaml'), TRUST_GATES);
  // before any trust policy: both gates fail closed
  const artifact = Buffer.from('cli release artifact');
  const digest = `sha256:${sha256(artifact)}`;
  writeFileSync(join(cwd, 'prov.json'), signedAttestation(slsaStatement(sha256(artifact))));
  writeFileSync(
    join(cwd, 'sig.json'),
    keyedMessageBundle(releaseKey.privateKey, releaseKey.pinned.fingerprint, artifact),
  );
  const ingest = mc(cwd, 'ingest', digest, '--signature', 'sig.json', '--attestation', 'prov.json', '--json');
  assert.equal(ingest.code, 0, ingest.err);
  assert.deepEqual(
    JSON.parse(ingest.out).evidence.map((e: { kind: string }) => e.kind),
    ['signature', 'attestation'],
  );
  const missing = mc(cwd, 'verify', digest, '--env', 'prod', '--json');
  assert.equal(missing.code, 1);
  assert.equal(JSON.parse(missing.out).gates[0].reasons[0].code, 'TRUST_POLICY_MISSING');

  mkdirSync(join(cwd, 'SECURITY'));
  writeFileSync(join(cwd, 'SECURITY', 'release-key.pub'), releaseKey.publicKey.export({ format: 'pem', type: 'spki' }));
  writeFileSync(join(cwd, 'SECURITY', 'trust-policy.yaml'), trustPolicyYaml());
  const ok = mc(cwd, 'verify', digest, '--env', 'prod');
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.match(ok.out, /PASS\s+signatures[\s\S]*SIGNATURE_VERIFIED: .*release-key/);
  assert.match(ok.out, /PASS\s+provenance[\s\S]*PROVENANCE_VERIFIED/);

  for (const [label, build, code] of [
    ['tampered', (hex: string) => tampered(signedAttestation(slsaStatement(hex))), 'SIGNATURE_INVALID'],
    ['unpinned', (hex: string) => signedAttestation(slsaStatement(hex), otherKey), 'KEY_NOT_PINNED'],
  ] as const) {
    const a = Buffer.from(`cli ${label}`);
    const d = `sha256:${sha256(a)}`;
    writeFileSync(join(cwd, `${label}.json`), build(sha256(a)));
    assert.equal(mc(cwd, 'ingest', d, '--attestation', `${label}.json`).code, 0);
    const deny = mc(cwd, 'verify', d, '--env', 'prod', '--json');
    assert.equal(deny.code, 1, label);
    const sig = JSON.parse(deny.out).gates.find((g: { gate: string }) => g.gate === 'signatures');
    assert.ok(
      sig.reasons.some((r: { code: string }) => r.code === code),
      `${label}: ${JSON.stringify(sig.reasons)}`,
    );
  }

  writeFileSync(join(cwd, 'trunc.json'), readFileSync(join(cwd, 'sig.json')).subarray(0, 40));
  const bad = mc(cwd, 'ingest', digest, '--signature', 'trunc.json');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /BUNDLE_MALFORMED/);
  writeFileSync(
    join(cwd, 'v9.json'),
    readFileSync(join(cwd, 'sig.json'), 'utf8').replace('bundle.v0.3+json', 'bundle.v0.9+json'),
  );
  const v9 = mc(cwd, 'ingest', digest, '--signature', 'v9.json');
  assert.equal(v9.code, 2);
  assert.match(v9.err, /BUNDLE_UNSUPPORTED_VERSION/);
});

test('mc trust verify: a real conformance bundle, exact and regexp identities, exit 0/1/2 with codes on stderr', {
  skip,
}, (t) => {
  const dir = sharedPath('conformance', 'sigstore-conformance');
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const cwd = mkdtempSync(join(tmpdir(), 'mc-trust-any-')); // no mc init, no store, no trust policy
  const b = join(dir, 'bundle-verify', 'happy-path-v0.3', 'bundle.sigstore.json');
  const root = join(dir, 'default-trust-roots', 'production-trusted_root.json');
  const a = join(dir, 'bundle-verify', 'a.txt');
  const ID =
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
  const ISS = 'https://token.actions.githubusercontent.com';
  writeFileSync(join(cwd, 'truncated.json'), readFileSync(b).subarray(0, 300));
  writeFileSync(
    join(cwd, 'v9.json'),
    readFileSync(b, 'utf8').replace('bundle+json;version=0.3', 'bundle+json;version=0.9'),
  );
  const digest = `sha256:${sha256(readFileSync(a))}`;
  const cases: Array<[args: string[], code: number, stream: RegExp]> = [
    [
      ['--bundle', b, '--trusted-root', root, '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, a],
      0,
      /Verified OK: signature .*log index 79571823, signed 2024-03-19T17:26:26/,
    ],
    [
      ['--bundle', b, '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, digest],
      0,
      /Verified OK.*root sigstore-public-good/,
    ],
    [
      [
        '--bundle',
        b,
        '--certificate-identity-regexp',
        'https://github\\.com/sigstore-conformance/.+',
        '--certificate-oidc-issuer-regexp',
        'https://token\\.actions\\..+',
        a,
      ],
      0,
      /Verified OK/,
    ],
    [
      ['--bundle', b, '--certificate-identity-regexp', 'sigstore-conformance', '--certificate-oidc-issuer', ISS, a],
      1,
      /CERTIFICATE_IDENTITY_MISMATCH/,
    ],
    [
      ['--bundle', b, '--certificate-identity', ID, '--certificate-oidc-issuer', 'https://accounts.google.com', a],
      1,
      /ISSUER_MISMATCH/,
    ],
    [
      ['--bundle', b, '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, `sha256:${'0'.repeat(64)}`],
      1,
      /ARTIFACT_MISMATCH/,
    ],
    [
      ['--bundle', 'truncated.json', '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, a],
      1,
      /BUNDLE_MALFORMED/,
    ],
    [
      ['--bundle', 'v9.json', '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, a],
      1,
      /BUNDLE_UNSUPPORTED_VERSION/,
    ],
    [['--bundle', b, '--certificate-identity', ID, a], 2, /USAGE/],
    [
      [
        '--bundle',
        b,
        '--certificate-identity',
        ID,
        '--certificate-identity-regexp',
        '.*',
        '--certificate-oidc-issuer',
        ISS,
        a,
      ],
      2,
      /USAGE/,
    ],
    [
      ['--bundle', 'absent.json', '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, a],
      2,
      /FILE_UNREADABLE/,
    ],
    [['--bundle', b, '--certificate-identity', ID, '--certificate-oidc-issuer', ISS, 'sha256:abc'], 2, /BAD_DIGEST/],
    [['--bundle', b, '--certificate-identity-regexp', '(', '--certificate-oidc-issuer', ISS, a], 2, /USAGE/],
  ];
  for (const [args, code, stream] of cases) {
    const r = mc(cwd, 'trust', 'verify', ...args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
    assert.match(code === 0 ? r.out : r.err, stream, args.join(' '));
    assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
  }
  const json = mc(
    cwd,
    'trust',
    'verify',
    '--json',
    '--bundle',
    b,
    '--certificate-identity',
    ID,
    '--certificate-oidc-issuer',
    ISS,
    a,
  );
  assert.equal(json.code, 0);
  assert.deepEqual([JSON.parse(json.out).status, JSON.parse(json.out).verified.identity], ['verified', ID]);
  assert.equal(existsSync(join(cwd, '.mc')), false, 'mc trust verify creates no store');
});

test('mc trust verify --key on a key-based bundle; another key fails with exit 1', { skip }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-trust-key-'));
  const artifact = Buffer.from('key-signed blob');
  writeFileSync(join(cwd, 'blob'), artifact);
  writeFileSync(join(cwd, 'b.json'), keyedMessageBundle(releaseKey.privateKey, 'release', artifact));
  writeFileSync(join(cwd, 'release.pub'), releaseKey.publicKey.export({ format: 'pem', type: 'spki' }));
  writeFileSync(join(cwd, 'other.pub'), otherKey.publicKey.export({ format: 'pem', type: 'spki' }));
  const ok = mc(cwd, 'trust', 'verify', '--bundle', 'b.json', '--key', 'release.pub', '--insecure-ignore-tlog', 'blob');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /Verified OK: signature over blob by key/);
  const noLog = mc(cwd, 'trust', 'verify', '--bundle', 'b.json', '--key', 'release.pub', 'blob');
  assert.equal(noLog.code, 1, 'a bundle without a log entry needs --insecure-ignore-tlog');
  const other = mc(
    cwd,
    'trust',
    'verify',
    '--bundle',
    'b.json',
    '--key',
    'other.pub',
    '--insecure-ignore-tlog',
    'blob',
  );
  assert.equal(other.code, 1);
  assert.match(other.err, /SIGNATURE_INVALID|KEY_NOT_PINNED/);
});

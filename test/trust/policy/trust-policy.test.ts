import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { defaultTrustPolicyFiles, PUBLIC_GOOD_ROOT_FILE } from '../../../src/trust/policy/default-trust-policy.js';
import { compileMatcher } from '../../../src/trust/policy/identity-matcher.js';
import { loadTrust, resolveEnvironment } from '../../../src/trust/policy/trust-environment.js';
import { TrustPolicyError, type TrustPolicyErrorCode } from '../../../src/trust/policy/trust-policy-error.js';
import { parseTrustPolicy } from '../../../src/trust/policy/trust-policy.js';

function assertPolicyError(fn: () => unknown, code: TrustPolicyErrorCode, path?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TrustPolicyError, String(e));
    assert.equal(e.code, code, e.message);
    if (path !== undefined) assert.equal(e.path, path, e.message);
    return true;
  });
}

test('mc trust init policy: parses, pins only the public-good root by sha256, and loads offline', () => {
  const { policy, files } = defaultTrustPolicyFiles();
  const parsed = parseTrustPolicy(policy);
  assert.deepEqual(
    parsed.roots.map((r) => r.name),
    ['sigstore-public-good'],
  );
  assert.deepEqual(parsed.keys, []);
  assert.deepEqual(Object.keys(parsed.environments), ['dev', 'staging', 'prod']);
  const bytes = new Map(files.map((f) => [f.path, f.bytes]));
  const loaded = loadTrust(parsed, (p) => bytes.get(p) ?? assert.fail(`unexpected read ${p}`));
  const root = loaded.roots.get('sigstore-public-good');
  assert.ok(root !== undefined && root.logIds.size > 0, 'the public-good root has transparency logs');
  const prod = resolveEnvironment(loaded, 'prod');
  assert.equal(prod.trust.roots.length, 1);
  assert.equal(prod.requirements.identities.length, 0, 'nothing is accepted until identities are listed');
  assert.equal(resolveEnvironment(loaded, 'prod'), prod, 'resolved once at load, looked up on every verify');
});

test('a root file whose bytes changed after pinning fails with ROOT_DIGEST_MISMATCH', () => {
  const { policy, files } = defaultTrustPolicyFiles();
  const tampered = Buffer.from(files[0]?.bytes ?? []);
  tampered[tampered.length - 2] = 0x20;
  assertPolicyError(
    () => loadTrust(parseTrustPolicy(policy), (p) => (p === PUBLIC_GOOD_ROOT_FILE ? tampered : assert.fail())),
    'ROOT_DIGEST_MISMATCH',
  );
});

const BASE = `version: 1
roots:
  - name: r1
    trusted_root: r1.json
keys:
  - name: k1
    pem: k1.pem
environments:
  prod:
    identities:
      - subject: { exact: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main" }
        issuer: { exact: "https://token.actions.githubusercontent.com" }
    keys: [k1]
    builders: [{ regexp: "https://github\\\\.com/slsa-framework/slsa-github-generator/.+" }]
    source_repositories: [{ exact: "https://github.com/acme/app" }]
    tlog_entries: 2
`;

test('a complete policy parses with defaults filled in', () => {
  const p = parseTrustPolicy(BASE);
  const prod = p.environments.prod;
  assert.ok(prod !== undefined);
  assert.equal(prod.tlogEntries, 2);
  assert.equal(prod.timestamps, 1);
  assert.deepEqual(prod.keys, ['k1']);
  assert.equal(prod.roots, undefined);
});

test('bad policies fail closed with a code and file:line:column', () => {
  assertPolicyError(
    () => parseTrustPolicy('version: 1\nenvironments: {prod: {tlog_entries: "two"}}\n', 'p.yaml'),
    'POLICY_SCHEMA_INVALID',
    'p.yaml:2:37',
  );
  assertPolicyError(
    () => parseTrustPolicy(BASE.replace('    tlog_entries: 2', '    tlog_entires: 2'), 'p.yaml'),
    'POLICY_SCHEMA_INVALID',
    'p.yaml:16:5',
  );
  assertPolicyError(
    () => parseTrustPolicy(BASE.replace('keys: [k1]', 'keys: [k2]'), 'p.yaml'),
    'POLICY_REFERENCE_UNKNOWN',
    'p.yaml:13:12',
  );
  assertPolicyError(
    () => parseTrustPolicy(BASE.replace('{ exact: "https://github.com/acme/app" }', '{ regexp: "(" }'), 'p.yaml'),
    'REGEXP_INVALID',
    'p.yaml:15:27',
  );
  assertPolicyError(
    () => parseTrustPolicy('version: 1\nenvironments:\n  prod: {}\n  prod: {}\n', 'p.yaml'),
    'POLICY_YAML_INVALID',
    'p.yaml:4:3',
  );
  assertPolicyError(
    () => parseTrustPolicy('version: 2\nenvironments: {prod: {}}\n', 'p.yaml'),
    'POLICY_SCHEMA_INVALID',
    'p.yaml:1:10',
  );
  assertPolicyError(() => parseTrustPolicy('- a\n', 'p.yaml'), 'POLICY_SCHEMA_INVALID');
  assertPolicyError(
    () =>
      parseTrustPolicy(
        'version: 1\nenvironments: {prod: {identities: [{subject: {exact: a, regexp: b}, issuer: {exact: c}}]}}\n',
      ),
    'POLICY_SCHEMA_INVALID',
  );
});

test('an unknown environment is an input error, never a default', () => {
  const loaded = loadTrust(parseTrustPolicy('version: 1\nenvironments: {prod: {}}\n'), () => assert.fail());
  assert.throws(
    () => resolveEnvironment(loaded, 'prdo'),
    (e: unknown) => e instanceof TrustPolicyError && e.code === 'ENVIRONMENT_UNKNOWN' && e.kind === 'not-found',
  );
  assert.throws(
    () => resolveEnvironment(loaded, '__proto__'),
    (e: unknown) => e instanceof TrustPolicyError && e.code === 'ENVIRONMENT_UNKNOWN',
  );
});

test('regexp identities match the whole string, never a substring', () => {
  const m = compileMatcher({
    regexp: 'https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/heads/main',
  });
  assert.equal(m.test('https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'), true);
  assert.equal(m.test('https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main-evil'), false);
  assert.equal(
    m.test('https://evil.example/?https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'),
    false,
  );
  const alt = compileMatcher({ regexp: 'a|b' });
  assert.equal(alt.test('ab'), false, 'alternation stays inside the anchors');
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (prefix, core, suffix) => {
      // Escape the syntax characters that `u`-mode patterns allow escaping (ECMA-262 SyntaxCharacter and /).
      const escaped = core.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&');
      const exact = compileMatcher({ regexp: escaped });
      assert.equal(exact.test(core), true);
      assert.equal(exact.test(prefix + core + suffix), false);
    }),
  );
});

/** Aliases that expand past yaml's maxAliasCount ("billion laughs"): yaml throws a plain ReferenceError. */
const ALIAS_BOMB = `version: 1
environments:
  prod:
    keys: &k [a, a, a, a, a, a, a, a]
  a: { keys: [*k, *k, *k, *k, *k, *k, *k, *k] }
  b: { keys: [*k, *k, *k, *k, *k, *k, *k, *k] }
  c: { keys: [*k, *k, *k, *k, *k, *k, *k, *k] }
`;

test('an alias bomb is a typed policy error, not a crash', () => {
  assertPolicyError(() => parseTrustPolicy(ALIAS_BOMB, 'p.yaml'), 'POLICY_YAML_INVALID', 'p.yaml');
});

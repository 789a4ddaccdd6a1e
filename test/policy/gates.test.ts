import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GATES_YAML } from '../../src/policy/gates-schema.js';
import { lintGatesText, loadGates, profileFor } from '../../src/policy/gates.js';
import { PolicyError } from '../../src/policy/policy-error.js';

test('the canonical gates.yaml loads and normalizes every gate to an object', () => {
  const { gates, policyHash } = loadGates(DEFAULT_GATES_YAML);
  assert.match(policyHash, /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(gates.profiles.prod!.sbom, { mode: 'enforce' });
  assert.deepEqual(gates.profiles.prod!.vulnerabilities, {
    mode: 'enforce',
    block: ['CRITICAL', 'HIGH'],
    unknown_severity: 'HIGH',
  });
  assert.equal(gates.waivers.max_ttl, '30d');
  assert.equal(profileFor(gates, 'staging').name, 'prod');
});

test('the policy hash is computed from the canonical form: comments and key order do not change it', () => {
  const a = loadGates(DEFAULT_GATES_YAML).policyHash;
  const reordered = DEFAULT_GATES_YAML.replace(/^#.*\n/gm, '').replace(
    '  dev: dev\n  staging: prod\n',
    '  staging: prod\n  dev: dev\n',
  );
  assert.equal(loadGates(reordered).policyHash, a);
  assert.notEqual(loadGates(DEFAULT_GATES_YAML.replace('max: 2.0', 'max: 2.5')).policyHash, a);
});

test('an unknown environment is an input error, never a default', () => {
  const { gates } = loadGates(DEFAULT_GATES_YAML);
  assert.throws(
    () => profileFor(gates, 'qa'),
    (e: unknown) => e instanceof PolicyError && e.code === 'ENVIRONMENT_UNKNOWN',
  );
  assert.throws(
    () => profileFor(gates, 'constructor'),
    (e: unknown) => e instanceof PolicyError && e.code === 'ENVIRONMENT_UNKNOWN',
  );
});

const CASES: Array<{ name: string; yaml: string; line: number; column: number; message: RegExp; hint?: RegExp }> = [
  {
    name: 'unknown gate key, with a suggestion',
    yaml: 'version: 1\nenvironments:\n  prod: prod\nprofiles:\n  prod:\n    sbomm: enforce\n',
    line: 6,
    column: 5,
    message: /unknown key "sbomm"/,
    hint: /did you mean "sbom"/,
  },
  {
    name: 'bad mode',
    yaml: 'version: 1\nenvironments:\n  prod: prod\nprofiles:\n  prod:\n    sbom: enforced\n',
    line: 6,
    column: 11,
    message: /allowed values/,
    hint: /off, advisory, enforce/,
  },
  {
    name: 'unknown top-level key',
    yaml: 'version: 1\nenvironment:\n  prod: prod\nprofiles:\n  prod: {}\n',
    line: 2,
    column: 1,
    message: /unknown key "environment"/,
  },
  {
    name: 'undefined profile',
    yaml: 'version: 1\nenvironments:\n  prod: missing\nprofiles:\n  prod: {}\n',
    line: 3,
    column: 9,
    message: /profile "missing", which is not defined/,
  },
  {
    name: 'bad severity in block',
    yaml: 'version: 1\nenvironments:\n  prod: prod\nprofiles:\n  prod:\n    vulnerabilities: { mode: enforce, block: [SEVERE] }\n',
    line: 6,
    column: 47,
    message: /allowed values/,
  },
  {
    name: 'wrong version',
    yaml: 'version: 2\nenvironments:\n  prod: prod\nprofiles:\n  prod: {}\n',
    line: 1,
    column: 10,
    message: /constant/,
  },
  {
    name: 'bad duration',
    yaml: 'version: 1\nenvironments:\n  prod: prod\nprofiles:\n  prod: {}\nwaivers:\n  max_ttl: 30 days\n',
    line: 7,
    column: 12,
    message: /pattern/,
    hint: /duration/,
  },
  { name: 'malformed YAML', yaml: 'version: 1\nenvironments: [\n', line: 3, column: 1, message: /./ },
  {
    name: 'duplicate key',
    yaml: 'version: 1\nversion: 1\nenvironments:\n  prod: prod\nprofiles:\n  prod: {}\n',
    line: 2,
    column: 1,
    message: /unique/i,
  },
];

for (const c of CASES) {
  test(`lint reports ${c.name} at line:column`, () => {
    const { issues } = lintGatesText(c.yaml, 'gates.yaml');
    const errors = issues.filter((i) => i.severity === 'error');
    assert.ok(errors.length > 0, 'expected an error');
    const hit = errors.find((i) => c.message.test(i.message));
    assert.ok(hit, `no error matching ${c.message}: ${JSON.stringify(errors)}`);
    assert.deepEqual([hit.line, hit.column], [c.line, c.column]);
    if (c.hint) assert.match(hit.hint ?? '', c.hint);
    assert.throws(
      () => loadGates(c.yaml, 'gates.yaml'),
      (e: unknown) => e instanceof PolicyError && (e.code === 'POLICY_INVALID' || e.code === 'POLICY_YAML_MALFORMED'),
    );
  });
}

test('an unused profile is a warning, not an error', () => {
  const { issues, gates } = lintGatesText(
    'version: 1\nenvironments:\n  prod: prod\nprofiles:\n  prod: {}\n  old: {}\n',
    'g.yaml',
  );
  assert.ok(gates);
  assert.deepEqual(
    issues.map((i) => [i.severity, i.line]),
    [['warning', 6]],
  );
});

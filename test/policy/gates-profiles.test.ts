import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATES_PROFILES, STARTER_GATES_YAML } from '../../src/policy/gates-profiles.js';
import { DEFAULT_GATES_YAML } from '../../src/policy/gates-schema.js';
import { loadGates } from '../../src/policy/gates.js';

const mode = (g: unknown) => (typeof g === 'string' ? g : (g as { mode: string }).mode);

test('every mc init profile is a valid gates.yaml without warnings; default is the canonical file', () => {
  for (const [name, text] of Object.entries(GATES_PROFILES)) {
    const loaded = loadGates(text, `${name}.yaml`);
    assert.deepEqual(loaded.warnings, [], name);
  }
  assert.equal(GATES_PROFILES.default, DEFAULT_GATES_YAML);
});

test('the starter prod profile needs no trust policy and no Prometheus, and says how to turn the rest on', () => {
  const prod = loadGates(STARTER_GATES_YAML).gates.profiles.prod!;
  assert.deepEqual(Object.fromEntries(Object.entries(prod).map(([gate, g]) => [gate, mode(g)])), {
    sbom: 'enforce',
    signatures: 'advisory',
    provenance: 'advisory',
    vulnerabilities: 'enforce',
    slo_burn_rate: 'off',
    promotable: 'enforce',
  });
  // The comment block names each gate it relaxes and what turning it on takes.
  for (const needle of [
    'signatures, provenance: advisory',
    'mc trust init',
    'slo_burn_rate: off',
    'MC_PROMETHEUS_URL',
    'mc init --profile default',
  ]) {
    assert.ok(STARTER_GATES_YAML.includes(needle), needle);
  }
});

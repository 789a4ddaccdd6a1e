import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { PolicySource } from '../../src/app/policy-source.js';
import { PolicyError } from '../../src/policy/policy-error.js';
import { DEFAULT_GATES_YAML } from '../../src/policy/gates-schema.js';
import { makeWorkspace } from '../support/workspace.js';

test('an edited policy takes effect; an invalid edit keeps the last good policy and is reported', () => {
  const ws = makeWorkspace();
  const source = new PolicySource(ws.gatesFile, ws.waiversFile, 0);
  const first = source.current();
  writeFileSync(ws.gatesFile, DEFAULT_GATES_YAML.replace('max: 2.0', 'max: 1.5'));
  const second = source.current();
  assert.equal(second.generation, first.generation + 1);
  assert.notEqual(second.policy.policyHash, first.policy.policyHash);
  writeFileSync(ws.gatesFile, 'version: 1\nenvironments: [');
  const third = source.current();
  assert.equal(third.policy.policyHash, second.policy.policyHash, 'last good policy stays in force');
  assert.ok(source.staleError instanceof PolicyError);
});

test('a missing gates.yaml is a clear error; a missing waivers.yaml means no waivers', () => {
  const ws = makeWorkspace();
  rmSync(ws.waiversFile);
  assert.deepEqual(new PolicySource(ws.gatesFile, ws.waiversFile, 0).current().waivers, []);
  rmSync(ws.gatesFile);
  assert.throws(
    () => new PolicySource(ws.gatesFile, ws.waiversFile, 0).current(),
    (e: unknown) => e instanceof PolicyError && e.code === 'POLICY_NOT_FOUND',
  );
});

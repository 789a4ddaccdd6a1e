import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AccessError } from '../../../src/access/access-error.js';
import { AccessPolicySource } from '../../../src/app/identity/access-policy-source.js';
import { ACCESS_YAML } from '../../support/access.js';

test('access.yaml: absent means no rules; once in force, a bad edit or a removal keeps the last good rules (never falls open)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mc-access-')), 'access.yaml');
  const source = new AccessPolicySource(file, 'policy/data/access.yaml', 0);
  assert.equal(source.current(), undefined);
  writeFileSync(file, ACCESS_YAML);
  const good = source.current();
  assert.match(good?.hash ?? '', /^sha256:/);
  writeFileSync(file, `${ACCESS_YAML}  - { id: broken, roles: [x], actions: [deploy] }\n`);
  assert.equal(source.current(), good);
  assert.ok(source.staleError instanceof AccessError);
  rmSync(file);
  assert.equal(source.current(), good);
  assert.match(source.staleError?.message ?? '', /removed/);
});

test('an access.yaml that does not lint when read first is an error, not "no rules"', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mc-access-')), 'access.yaml');
  writeFileSync(file, 'version: 1\nrules: nope\n');
  assert.throws(
    () => new AccessPolicySource(file, 'access.yaml', 0).current(),
    (e: unknown) => e instanceof AccessError && e.code === 'ACCESS_POLICY_INVALID',
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { PolicySource } from '../../src/app/policy-source.js';
import { PolicyError, type PolicyErrorCode } from '../../src/policy/policy-error.js';
import { makeWorkspace } from '../support/workspace.js';

const BOMB = `version: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;

/**
 * A running server re-reads the policy files on change: every kind of bad edit must keep the
 * last good policy in force and say why (staleError, shown by /readyz), never escape as a plain
 * error (a 500 on the next verify with nothing reported).
 */
const BAD_EDITS: Array<{
  name: string;
  file: 'gates' | 'waivers';
  write: (path: string) => void;
  code: PolicyErrorCode;
}> = [
  {
    name: 'an alias bomb in gates.yaml',
    file: 'gates',
    write: (p) => writeFileSync(p, BOMB),
    code: 'POLICY_YAML_ALIAS_LIMIT',
  },
  {
    name: 'an alias bomb in waivers.yaml',
    file: 'waivers',
    write: (p) => writeFileSync(p, BOMB),
    code: 'POLICY_YAML_ALIAS_LIMIT',
  },
  {
    name: 'invalid UTF-8 in waivers.yaml',
    file: 'waivers',
    write: (p) => writeFileSync(p, Buffer.from([...Buffer.from('version: 1\nwaivers: [] # '), 0xc3, 0x28, 0x0a])),
    code: 'POLICY_ENCODING_INVALID',
  },
  {
    name: 'waivers.yaml replaced by a directory',
    file: 'waivers',
    write: (p) => {
      rmSync(p);
      mkdirSync(p);
    },
    code: 'POLICY_FILE_UNREADABLE',
  },
];

for (const edit of BAD_EDITS) {
  test(`${edit.name}: the last good policy stays in force and the rejection is reported`, () => {
    const ws = makeWorkspace();
    const source = new PolicySource(ws.gatesFile, ws.waiversFile, 0);
    const good = source.current();
    edit.write(edit.file === 'gates' ? ws.gatesFile : ws.waiversFile);
    const after = source.current();
    assert.equal(after.policy.policyHash, good.policy.policyHash);
    assert.equal(after.generation, good.generation);
    const stale = source.staleError;
    assert.ok(stale instanceof PolicyError, 'the rejected edit is reported');
    assert.equal(stale.code, edit.code);
    assert.match(stale.message, edit.file === 'gates' ? /gates\.yaml/ : /waivers\.yaml/, 'names the file');
  });
}

test('a policy that is bad from the start is refused with the typed error (mc serve does not start)', () => {
  const ws = makeWorkspace(BOMB);
  assert.throws(
    () => new PolicySource(ws.gatesFile, ws.waiversFile, 0).current(),
    (e: unknown) => e instanceof PolicyError && e.code === 'POLICY_YAML_ALIAS_LIMIT',
  );
});

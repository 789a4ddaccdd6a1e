import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccessError } from '../../src/access/access-error.js';
import { lintAccessText, loadAccessPolicy } from '../../src/access/access-policy.js';
import { project, visibleFields, type ViewSpec } from '../../src/access/access-view.js';
import { evaluateAccess } from '../../src/access/evaluate-access.js';
import type { Principal } from '../../src/domain/principal.js';
import { ACCESS_YAML } from '../support/access.js';

const ci: Principal = { label: 'token:ci-payments', kind: 'token', roles: ['ci'], team: 'payments' };
const auditor: Principal = { label: 'token:audit', kind: 'token', roles: ['auditor'] };
const flagger: Principal = { label: 'token:0123abcd', kind: 'flagger', roles: ['flagger'] };
const flaggerAdmin: Principal = { ...flagger, roles: ['flagger', 'admin'] };
const PAY = ['registry.example/payments/api'];
const D = `sha256:${'a'.repeat(64)}`;

const isAccess = (code: string) => (e: unknown) => e instanceof AccessError && e.code === code;

describe('access.yaml evaluation (deny by default)', () => {
  const policy = loadAccessPolicy(ACCESS_YAML);

  test('a CI token acts on its own team only; an artifact of no team or another team is denied', () => {
    assert.equal(evaluateAccess(policy, ci, 'verify', { digest: D, names: PAY }).rule, 'ci-own-team');
    const web = evaluateAccess(policy, ci, 'verify', { digest: D, names: ['registry.example/web/site'] });
    assert.equal(web.allow, false);
    assert.match(web.trace.find((t) => t.rule === 'ci-own-team')!.because, /belongs to web/);
    assert.equal(evaluateAccess(policy, ci, 'verify', { digest: D, names: [] }).allow, false);
    assert.equal(evaluateAccess(policy, ci, 'waive', { digest: D, names: PAY }).allow, false, 'no rule: denied');
  });

  test('a team-scoped read over every artifact asks for a digest instead of listing other teams', () => {
    const d = evaluateAccess(policy, ci, 'read_decisions', {});
    assert.deepEqual([d.allow, d.scopeRequired], [false, 'digest']);
    // Before the body is read (partial), the same principal may go on to name one.
    assert.equal(evaluateAccess(policy, ci, 'ingest', {}, true).allow, true);
  });

  test('a matching deny rule wins over an allow; sensitivity comes from the environment', () => {
    const d = evaluateAccess(policy, ci, 'ingest', { env: 'prod', digest: D, names: PAY });
    assert.deepEqual([d.allow, d.rule], [false, 'no-ci-ingest-in-prod']);
    const release: Principal = { label: 'oidc:idp:bob', kind: 'oidc', roles: ['release'] };
    assert.equal(evaluateAccess(policy, release, 'approve', { env: 'prod' }).allow, true);
    assert.equal(evaluateAccess(policy, release, 'approve', { env: 'dev' }).allow, false);
  });

  test('Flagger and admission principals verify and read decisions, whatever roles they carry', () => {
    assert.deepEqual(evaluateAccess(policy, flagger, 'verify', {}).rule, '(flagger)', 'no rule needed');
    assert.equal(evaluateAccess(policy, flagger, 'revoke', {}).allow, false);
    assert.equal(evaluateAccess(policy, flaggerAdmin, 'revoke', {}).allow, false, 'a role does not widen it');
    const denied = loadAccessPolicy(
      ACCESS_YAML.replace(
        'rules:\n',
        'rules:\n  - { id: no-flagger, effect: deny, roles: [flagger], actions: [verify] }\n',
      ),
    );
    assert.equal(evaluateAccess(denied, flagger, 'verify', {}).rule, 'no-flagger', 'a deny rule still wins');
  });

  test('views: an auditor sees an artifact without its evidence, and the decision fields listed for it', () => {
    const artifact: ViewSpec = { name: 'artifact', fields: { digest: 'read_decisions', evidence: 'read_evidence' } };
    assert.deepEqual(visibleFields(policy, auditor, artifact, { digest: D }), ['digest']);
    const decision: ViewSpec = {
      name: 'decision',
      fields: { allow: 'read_decisions', digest: 'read_decisions', policyHash: 'read_decisions' },
    };
    assert.deepEqual(visibleFields(policy, auditor, decision, {}), ['allow', 'digest']);
    assert.deepEqual(project({ digest: D, evidence: ['bytes'] }, ['digest']), { digest: D });
  });

  test('the hash is of the normalized rules: formatting does not change it, a rule does', () => {
    const again = loadAccessPolicy(ACCESS_YAML.replace('rules:\n', '# comment\nrules:\n'));
    assert.equal(again.hash, policy.hash);
    assert.match(policy.hash, /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(
      loadAccessPolicy(ACCESS_YAML.replace('[read_decisions] }', '[read_decisions, verify] }')).hash,
      policy.hash,
    );
  });

  test('lint: every issue with its line (unknown action, undefined team, duplicate id, step-up over 5m)', () => {
    const cases: Array<[string, RegExp]> = [
      ['version: 1\nrules:\n  - { id: a, roles: [x], actions: [deploy] }\n', /3:/],
      ['version: 1\nrules:\n  - { id: a, roles: [x], actions: [verify], team: [nope] }\n', /not defined under teams/],
      [
        'version: 1\nrules:\n  - { id: a, roles: [x], actions: [verify] }\n  - { id: a, roles: [y], actions: [verify] }\n',
        /used twice/,
      ],
      ['version: 1\nrules: []\nstep_up: { max_age: 10m }\n', /at most 5m/],
      ['version: 1\nrules: []\nviews: { evidence: {} }\n', /views/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => loadAccessPolicy(text),
        (e: unknown) => isAccess('ACCESS_POLICY_INVALID')(e) && message.test((e as Error).message),
      );
    }
    assert.throws(() => loadAccessPolicy('version: 1\nrules: [\n'), isAccess('ACCESS_POLICY_UNREADABLE'));
    const noAdmin = lintAccessText('version: 1\nrules:\n  - { id: a, roles: [ci], actions: [verify] }\n', 'a.yaml');
    assert.deepEqual(
      noAdmin.issues.map((i) => [i.severity, i.line]),
      [['warning', 3]],
      'a warning, not an error: the rules still load',
    );
    assert.ok(noAdmin.policy);
  });
});

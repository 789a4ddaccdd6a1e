import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWaiverRequest } from '../../src/app/waiver-service.js';
import { WaiverError } from '../../src/app/waiver-error.js';
import { checkVulnerabilities } from '../../src/policy/checks/vulnerabilities-check.js';
import type { EvidenceSnapshot } from '../../src/policy/evidence-snapshot.js';
import { DEFAULT_GATES_YAML } from '../../src/policy/gates-schema.js';
import { lintGatesText, loadGates } from '../../src/policy/gates.js';
import { packageLabel } from '../../src/policy/package-label.js';
import { PolicyError, type PolicyErrorCode } from '../../src/policy/policy-error.js';
import { lintWaiversText, loadWaivers } from '../../src/policy/waivers.js';
import { parseTrustPolicy } from '../../src/trust/policy/trust-policy.js';
import { TrustPolicyError } from '../../src/trust/policy/trust-policy-error.js';

const isPolicy = (code: PolicyErrorCode, path?: string) => (e: unknown) =>
  e instanceof PolicyError && e.code === code && e.kind !== 'internal' && (path === undefined || e.path === path);

/** Nested anchors and aliases ("billion laughs"): 9^5 strings when expanded. */
const BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
`;
const GATES_BOMB = `version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { sbom: enforce }\nx-bomb:\n${BOMB.replace(/^/gm, '  ')}`;
const WAIVERS_BOMB = `version: 1\nwaivers: []\nx-bomb:\n${BOMB.replace(/^/gm, '  ')}`;
const WAIVER = (ttl: string, owner = 'team-a') => `version: 1
waivers:
  - advisory: GHSA-aaaa-bbbb-cccc
    owner: ${owner}
    reason: not reachable
    created: 2026-11-20T09:00:00Z
    ttl: ${ttl}
`;

test('an alias bomb in gates.yaml is a typed policy error naming the file, in lint and load', () => {
  assert.throws(
    () => loadGates(GATES_BOMB, 'policy/data/gates.yaml'),
    isPolicy('POLICY_YAML_ALIAS_LIMIT', 'policy/data/gates.yaml'),
  );
  const { issues, unreadable } = lintGatesText(GATES_BOMB, 'g.yaml');
  assert.equal(unreadable?.code, 'POLICY_YAML_ALIAS_LIMIT');
  assert.equal(issues.length, 1);
  assert.match(issues[0]!.message, /alias/);
});

test('an alias bomb in waivers.yaml is a typed policy error naming the file, in lint and load', () => {
  assert.throws(
    () => loadWaivers(WAIVERS_BOMB, 'policy/waivers.yaml', '30d'),
    isPolicy('POLICY_YAML_ALIAS_LIMIT', 'policy/waivers.yaml'),
  );
  assert.equal(lintWaiversText(WAIVERS_BOMB, 'w.yaml', '30d').issues[0]?.file, 'w.yaml');
});

test('the trust policy, read by the same YAML reader, turns an alias bomb into its typed error', () => {
  assert.throws(
    () => parseTrustPolicy(`version: 1\nenvironments: {}\nx:\n${BOMB.replace(/^/gm, '  ')}`, 't.yaml'),
    (e: unknown) => e instanceof TrustPolicyError && e.code === 'POLICY_YAML_INVALID' && /alias/.test(e.message),
  );
});

test('invalid UTF-8 in gates.yaml, waivers.yaml or trust-policy.yaml is refused naming the file and line, never replaced by U+FFFD', () => {
  const bad = (text: string, line: number) => {
    const lines = text.split('\n');
    const b = Buffer.from(lines.slice(0, line - 1).join('\n') + '\n', 'utf8');
    return new Uint8Array(
      Buffer.concat([
        b,
        Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]),
        Buffer.from(lines.slice(line - 1).join('\n'), 'utf8'),
      ]),
    );
  };
  assert.throws(
    () => loadGates(bad(DEFAULT_GATES_YAML, 3), 'gates.yaml'),
    isPolicy('POLICY_ENCODING_INVALID', 'gates.yaml:3:1'),
  );
  assert.throws(
    () => loadWaivers(bad(WAIVER('7d'), 4), 'waivers.yaml', '30d'),
    isPolicy('POLICY_ENCODING_INVALID', 'waivers.yaml:4:1'),
  );
  // The owner as the byte sequence an editor with the wrong encoding writes.
  const latin1Owner = new Uint8Array(
    Buffer.concat([
      Buffer.from(WAIVER('7d', 'X').split('X')[0]!, 'utf8'),
      Buffer.from([0x4a, 0xf6, 0x72, 0x67]),
      Buffer.from(WAIVER('7d', 'X').split('X')[1]!, 'utf8'),
    ]),
  );
  assert.throws(
    () => loadWaivers(latin1Owner, 'waivers.yaml', '30d'),
    isPolicy('POLICY_ENCODING_INVALID', 'waivers.yaml:4:1'),
  );
  assert.throws(
    () => parseTrustPolicy(bad('version: 1\nenvironments: {}\n', 2), 't.yaml'),
    (e: unknown) => e instanceof TrustPolicyError && e.code === 'POLICY_YAML_INVALID' && /UTF-8/.test(e.message),
  );
  // Valid UTF-8 bytes (and a BOM) read as before.
  assert.equal(
    loadWaivers(new Uint8Array(Buffer.from('\ufeff' + WAIVER('7d', 'Jörg'), 'utf8')), 'w.yaml', '30d')[0]!.owner,
    'Jörg',
  );
});

test('a waiver with ttl 0 is refused: in waivers.yaml with its line, and in an API request', () => {
  for (const ttl of ['0d', '0h', '00m']) {
    assert.throws(
      () => loadWaivers(WAIVER(ttl), 'w.yaml', '30d'),
      (e: unknown) =>
        e instanceof PolicyError &&
        e.code === 'WAIVERS_INVALID' &&
        e.issues[0]!.line === 7 &&
        /greater than zero/.test(e.issues[0]!.message),
    );
    assert.throws(
      () => parseWaiverRequest({ advisory: 'GHSA-1', owner: 'a', reason: 'b', ttl }),
      (e: unknown) => e instanceof WaiverError && e.code === 'WAIVER_INVALID' && e.path === '/ttl',
    );
  }
  assert.equal(loadWaivers(WAIVER('10d'), 'w.yaml', '30d').length, 1, 'a zero inside the number is fine');
  assert.equal(parseWaiverRequest({ advisory: 'GHSA-1', owner: 'a', reason: 'b', ttl: '1s' }).ttl, '1s');
});

test('a misplaced valid key is told where it belongs; the hint never suggests the rejected key itself', () => {
  const gates = (profile: string, extra = '') =>
    `version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: ${profile}\n${extra}`;
  const cases: Array<[yaml: string, key: string, where: RegExp]> = [
    [gates('{ sbom: enforce, max_ttl: 30d }'), 'max_ttl', /under waivers:/],
    [gates('{ sbom: enforce, mode: enforce }'), 'mode', /inside a gate/],
    [gates('{ sbom: { mode: enforce, block: [HIGH] } }'), 'block', /vulnerabilities gate/],
    [gates('{ sbom: enforce }', 'sbom: enforce\n'), 'sbom', /in a profile/],
    [gates('{ sbom: enforce }', 'waivers: { max_ttl: 30d, version: 1 }\n'), 'version', /top level/],
  ];
  for (const [yaml, key, where] of cases) {
    const issue = lintGatesText(yaml, 'g.yaml').issues.find((i) => i.message === `unknown key "${key}"`);
    assert.ok(issue, `${key}: ${JSON.stringify(lintGatesText(yaml, 'g.yaml').issues)}`);
    assert.match(issue.hint ?? '', where, key);
    assert.doesNotMatch(issue.hint ?? '', new RegExp(`did you mean "${key}"|allowed here: [^;]*\\b${key}\\b`), key);
  }
  const typo = lintGatesText(gates('{ sbomm: enforce }'), 'g.yaml').issues[0]!;
  assert.equal(typo.hint, 'did you mean "sbom"?');
});

test('a package is shown without a version glued to its purl; an invalid purl is marked as such', () => {
  assert.equal(
    packageLabel({ name: 'django', purl: 'pkg:pypi/django@not.a.version!!' }, '1.0'),
    'pkg:pypi/django@not.a.version!! (component version 1.0)',
  );
  assert.equal(
    packageLabel({ name: 'x', purl: 'pkg::pypi/django@1.0' }, '1.0'),
    'pkg::pypi/django@1.0 (invalid purl; version 1.0)',
  );
  assert.equal(packageLabel({ name: 'x', purl: 'not-a-purl' }), 'not-a-purl (invalid purl)');
  assert.equal(packageLabel({ name: 'django', purl: 'pkg:pypi/django@4.2.1' }, '4.2.1'), 'pkg:pypi/django@4.2.1');
  assert.equal(packageLabel({ name: 'django', purl: 'pkg:pypi/django' }, '4.2.1'), 'pkg:pypi/django (version 4.2.1)');
  assert.equal(packageLabel({ name: 'left-pad' }, '1.0.0'), 'left-pad@1.0.0');

  const digest = `sha256:${'a'.repeat(64)}` as const;
  const snapshot: EvidenceSnapshot = {
    digest,
    evidence: [],
    revocations: [],
    vulnerabilitySources: ['mc'],
    findings: [
      {
        advisoryId: 'PYSEC-1',
        aliases: [],
        package: { name: 'django', purl: 'pkg:pypi/django@not.a.version!!' },
        version: '1.0',
        severity: 'HIGH',
        source: 'mc',
      },
    ],
    unidentifiedComponents: [
      { component: { name: 'django', version: '1.0', purl: 'pkg::pypi/django@1.0' }, detail: 'purl does not parse' },
    ],
  } as unknown as EvidenceSnapshot;
  const messages = checkVulnerabilities(
    { mode: 'enforce', block: ['HIGH', 'CRITICAL'], unknown_severity: 'HIGH' },
    snapshot,
    [],
    new Date('2026-11-22T10:00:00Z'),
  )
    .reasons.map((r) => r.message)
    .join('\n');
  assert.doesNotMatch(messages, /!!@1\.0/);
  assert.match(messages, /in pkg:pypi\/django@not\.a\.version!! \(component version 1\.0\)/);
  assert.match(messages, /component pkg::pypi\/django@1\.0 \(invalid purl; version 1\.0\)/);
});

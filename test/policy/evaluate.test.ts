import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../../src/domain/digest.js';
import type { Finding } from '../../src/domain/evidence.js';
import { evaluate } from '../../src/policy/evaluate.js';
import type { EvidenceSnapshot } from '../../src/policy/evidence-snapshot.js';
import { loadGates } from '../../src/policy/gates.js';
import { loadWaivers } from '../../src/policy/waivers.js';
import { PolicyError } from '../../src/policy/policy-error.js';

const digest = `sha256:${'c'.repeat(64)}` as Digest;
const now = new Date('2026-11-22T10:00:00Z');
const sbom = { kind: 'sbom' as const, sha256: `sha256:${'1'.repeat(64)}` as Digest, format: 'cyclonedx-1.5' };

const policy = loadGates(`version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev:
    sbom: advisory
    vulnerabilities: { mode: advisory, block: [CRITICAL], unknown_severity: HIGH }
    provenance: off
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
    promotable: enforce
`);

const finding = (over: Partial<Finding> = {}): Finding => ({
  advisoryId: 'GHSA-aaaa-bbbb-cccc',
  aliases: ['CVE-2026-0001'],
  package: { name: 'lodash', ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.20' },
  version: '4.17.20',
  severity: 'HIGH',
  source: 'osv-scanner',
  ...over,
});

const snap = (over: Partial<EvidenceSnapshot> = {}): EvidenceSnapshot => ({
  digest,
  evidence: [sbom],
  findings: [],
  vulnerabilitySources: ['osv-scanner'],
  revocations: [],
  ...over,
});

const gate = (d: ReturnType<typeof evaluate>['decision'], name: string) => d.gates.find((g) => g.gate === name)!;

test('a clean artifact is allowed in prod and the decision has the contract shape', () => {
  const { decision } = evaluate({ snapshot: snap(), policy, env: 'prod', waivers: [], now });
  assert.equal(decision.allow, true);
  assert.deepEqual(Object.keys(decision), ['allow', 'digest', 'env', 'profile', 'policyHash', 'evaluatedAt', 'gates']);
  assert.equal(decision.evaluatedAt, '2026-11-22T10:00:00.000Z');
  assert.deepEqual(
    decision.gates.map((g) => [g.gate, g.result]),
    [
      ['sbom', 'pass'],
      ['vulnerabilities', 'pass'],
      ['promotable', 'pass'],
    ],
  );
});

test('missing evidence under enforce denies; under advisory it is reported and allows', () => {
  const s = snap({ evidence: [] });
  const prod = evaluate({ snapshot: s, policy, env: 'prod', waivers: [], now }).decision;
  assert.equal(prod.allow, false);
  assert.equal(gate(prod, 'sbom').result, 'fail');
  assert.equal(gate(prod, 'sbom').reasons[0]!.code, 'SBOM_MISSING');
  const dev = evaluate({ snapshot: s, policy, env: 'dev', waivers: [], now }).decision;
  assert.equal(dev.allow, true);
  assert.equal(gate(dev, 'sbom').result, 'advisory-fail');
  assert.equal(gate(dev, 'provenance').result, 'skipped');
});

test('unknown vulnerability state fails closed under enforce', () => {
  const d = evaluate({ snapshot: snap({ vulnerabilitySources: [] }), policy, env: 'prod', waivers: [], now }).decision;
  assert.equal(d.allow, false);
  assert.equal(gate(d, 'vulnerabilities').reasons[0]!.code, 'VULN_DATA_MISSING');
});

test('severity thresholds, unknown severity and not-evaluable findings', () => {
  const cases: Array<[Partial<Finding>, boolean]> = [
    [{ severity: 'HIGH' }, false],
    [{ severity: 'MEDIUM' }, true],
    [{ severity: 'UNKNOWN' }, false], // unknown_severity: HIGH
    [{ severity: undefined }, false],
    [{ severity: 'LOW', notEvaluable: 'GIT range' }, true],
    [
      {
        severity: 'CRITICAL',
        suppressedBy: { status: 'not_affected', justification: 'vulnerable_code_not_present', statement: 'vex-1' },
      },
      true,
    ],
  ];
  for (const [over, allow] of cases) {
    const d = evaluate({
      snapshot: snap({ findings: [finding(over)] }),
      policy,
      env: 'prod',
      waivers: [],
      now,
    }).decision;
    assert.equal(d.allow, allow, JSON.stringify(over));
  }
  const dev = evaluate({
    snapshot: snap({ findings: [finding({ severity: 'HIGH' })] }),
    policy,
    env: 'dev',
    waivers: [],
    now,
  }).decision;
  assert.equal(gate(dev, 'vulnerabilities').result, 'pass'); // dev blocks only CRITICAL
});

const waivers = loadWaivers(
  `version: 1
waivers:
  - advisory: CVE-2026-0001
    digest: ${digest}
    owner: team-a
    reason: not reachable
    created: 2026-11-21T10:00:00Z
    ttl: 2d
`,
  'waivers.yaml',
  '30d',
);

test('a waiver selected by alias waives until it expires, then the gate says it expired', () => {
  const s = snap({ findings: [finding()] });
  const before = evaluate({ snapshot: s, policy, env: 'prod', waivers, now });
  assert.equal(before.decision.allow, true);
  assert.equal(gate(before.decision, 'vulnerabilities').result, 'waived');
  assert.equal(before.validUntil?.toISOString(), '2026-11-23T10:00:00.000Z');
  const after = evaluate({ snapshot: s, policy, env: 'prod', waivers, now: new Date('2026-11-23T10:00:00Z') }).decision;
  assert.equal(after.allow, false);
  assert.ok(gate(after, 'vulnerabilities').reasons.some((r) => r.code === 'WAIVER_EXPIRED'));
});

test('a waiver for another digest does not apply', () => {
  const other = waivers.map((w) => ({ ...w, digest: `sha256:${'d'.repeat(64)}` }));
  assert.equal(
    evaluate({ snapshot: snap({ findings: [finding()] }), policy, env: 'prod', waivers: other, now }).decision.allow,
    false,
  );
});

test('waivers longer than max_ttl are rejected with line:column', () => {
  assert.throws(
    () =>
      loadWaivers(
        'version: 1\nwaivers:\n  - advisory: X\n    owner: a\n    reason: b\n    created: 2026-11-21T10:00:00Z\n    ttl: 40d\n',
        'w.yaml',
        '30d',
      ),
    (e: unknown) => e instanceof PolicyError && e.code === 'WAIVERS_INVALID' && e.issues[0]!.line === 7,
  );
  assert.throws(
    () =>
      loadWaivers(
        'version: 1\nwaivers:\n  - owner: a\n    reason: b\n    created: 2026-11-21T10:00:00Z\n    ttl: 4d\n',
        'w.yaml',
        '30d',
      ),
    (e: unknown) => e instanceof PolicyError,
  );
});

test('revocation (also inherited from an ancestor) makes the digest not promotable', () => {
  const d = evaluate({
    snapshot: snap({
      revocations: [
        {
          digest: `sha256:${'e'.repeat(64)}` as Digest,
          cause: 'lineage',
          chain: [`sha256:${'e'.repeat(64)}` as Digest],
          reason: 'CVE',
          source: 'cve-watch',
          createdAt: now.toISOString(),
          inheritedFrom: `sha256:${'e'.repeat(64)}` as Digest,
        },
      ],
    }),
    policy,
    env: 'prod',
    waivers: [],
    now,
  }).decision;
  assert.equal(d.allow, false);
  assert.match(gate(d, 'promotable').reasons[0]!.message, /through ancestor/);
});

test('signatures and provenance never pass on presence alone', () => {
  const p = loadGates(
    'version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { signatures: enforce, provenance: enforce }\n',
  );
  const s = snap({
    evidence: [
      sbom,
      { kind: 'signature', sha256: `sha256:${'2'.repeat(64)}` as Digest, format: 'sigstore-bundle-0.3' },
    ],
  });
  const d = evaluate({ snapshot: s, policy: p, env: 'prod', waivers: [], now }).decision;
  assert.equal(d.allow, false);
  assert.deepEqual(
    d.gates.map((g) => g.reasons[0]!.code),
    ['NOT_IMPLEMENTED', 'NOT_IMPLEMENTED'],
  );
  const verified = evaluate({
    snapshot: {
      ...s,
      trust: {
        signatures: { ok: true, reasons: [] },
        provenance: { ok: false, reasons: [{ code: 'BUILDER_NOT_ALLOWED', message: 'x' }] },
      },
    },
    policy: p,
    env: 'prod',
    waivers: [],
    now,
  }).decision;
  assert.deepEqual(
    verified.gates.map((g) => g.result),
    ['pass', 'fail'],
  );
});

test('slo burn rate: no source fails closed, over max fails, under max passes', () => {
  const p = loadGates(
    'version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { slo_burn_rate: { mode: enforce, max: 2 } }\n',
  );
  const run = (slo: EvidenceSnapshot['sloBurnRate']) =>
    evaluate({ snapshot: snap(slo ? { sloBurnRate: slo } : {}), policy: p, env: 'prod', waivers: [], now }).decision;
  assert.equal(run(undefined).gates[0]!.reasons[0]!.code, 'SLO_SOURCE_MISSING');
  assert.equal(run({ error: 'connection refused' }).allow, false);
  assert.equal(run({ value: 2.5, query: 'q' }).allow, false);
  assert.equal(run({ value: 1.5, query: 'q' }).allow, true);
});

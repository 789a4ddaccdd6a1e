import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../../src/domain/digest.js';
import { evaluate } from '../../src/policy/evaluate.js';
import type { EvidenceSnapshot } from '../../src/policy/evidence-snapshot.js';
import { lintGatesText, loadGates } from '../../src/policy/gates.js';
import { PolicyError } from '../../src/policy/policy-error.js';

const digest = `sha256:${'c'.repeat(64)}` as Digest;
const now = new Date('2026-11-22T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

const gates = (maxAge = '24h') =>
  loadGates(`version: 1
environments: { prod: prod }
profiles:
  prod:
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH, max_advisory_age: ${maxAge} }
`);

const snap = (over: Partial<EvidenceSnapshot> = {}): EvidenceSnapshot => ({
  digest,
  evidence: [],
  findings: [],
  vulnerabilitySources: ['osv (12 records)'],
  revocations: [],
  ...over,
});

const vuln = (snapshot: EvidenceSnapshot, policy = gates()) => {
  const { decision, validUntil } = evaluate({ snapshot, policy, env: 'prod', waivers: [], now });
  return { decision, validUntil, gate: decision.gates.find((g) => g.gate === 'vulnerabilities')! };
};

test('advisories synced within max_advisory_age pass, valid until they turn stale', () => {
  const { gate, validUntil, decision } = vuln(snap({ advisoriesSyncedAt: hoursAgo(23) }));
  assert.equal(decision.allow, true);
  assert.equal(gate.result, 'pass');
  assert.equal(validUntil?.toISOString(), new Date(now.getTime() + 3_600_000).toISOString());
});

test('advisories synced longer ago than max_advisory_age deny with VULN_DATA_STALE, never cached', () => {
  const { gate, validUntil, decision } = vuln(snap({ advisoriesSyncedAt: hoursAgo(24) }));
  assert.equal(decision.allow, false);
  assert.equal(gate.result, 'fail');
  assert.deepEqual(
    gate.reasons.map((r) => r.code),
    ['VULN_DATA_STALE'],
  );
  assert.equal(gate.reasons[0]!.details?.maxAge, '24h');
  assert.equal(validUntil?.getTime(), now.getTime());
});

test('without max_advisory_age, or with only a scan report as source, age does not matter', () => {
  const lax = loadGates(`version: 1
environments: { prod: prod }
profiles:
  prod:
    vulnerabilities: { mode: enforce, block: [CRITICAL], unknown_severity: HIGH }
`);
  assert.equal(vuln(snap({ advisoriesSyncedAt: hoursAgo(1000) }), lax).gate.result, 'pass');
  assert.equal(vuln(snap({ vulnerabilitySources: ['trivy sha256:…'] })).gate.result, 'pass');
});

test('max_advisory_age must be a positive duration', () => {
  assert.equal(
    gates('90m').gates.profiles.prod!.vulnerabilities &&
      'max_advisory_age' in gates('90m').gates.profiles.prod!.vulnerabilities!,
    true,
  );
  for (const bad of ['0h', 'tomorrow', '24']) assert.throws(() => gates(bad), PolicyError);
  const { issues } = lintGatesText(
    `version: 1
environments: { prod: prod }
profiles:
  prod:
    vulnerabilities: { mode: enforce, max_advisory_age: 1 day }
`,
    'gates.yaml',
  );
  assert.equal(issues[0]?.hint, 'a duration like 30d, 48h or 90m');
  assert.match(JSON.stringify(issues), /max_advisory_age/);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyBypass } from '../../src/policy/bypass.js';
import { evaluate } from '../../src/policy/evaluate.js';
import type { ActiveBypass, EvidenceSnapshot } from '../../src/policy/evidence-snapshot.js';
import { bypassableGates, loadGates } from '../../src/policy/gates.js';
import { PolicyError } from '../../src/policy/policy-error.js';

const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod: { sbom: enforce, approvals: enforce, promotable: enforce }
`;
const DIGEST = `sha256:${'f'.repeat(64)}` as const;
const NOW = new Date('2026-11-22T10:00:00Z');
const BYPASS: ActiveBypass = {
  id: 'byp-1',
  incident: 'SEV1-1',
  expiresAt: '2026-11-22T14:00:00.000Z',
  gates: ['sbom', 'approvals', 'promotable'],
  approvers: [{ subject: 'a', role: 'security' }],
};
const REVOKED: EvidenceSnapshot = {
  digest: DIGEST,
  evidence: [],
  findings: [],
  vulnerabilitySources: [],
  revocations: [
    { digest: DIGEST, cause: 'manual', chain: [DIGEST], reason: 'x', source: 'cli', createdAt: '2026-11-21T00:00:00Z' },
  ],
  approvals: { approvals: [], exceptions: [] },
  bypass: BYPASS,
};

describe('SEV-1 bypass in the pure evaluation', () => {
  it('bypasses every failing gate but promotable by default; the bypass section leaves the policy hash alone when absent', () => {
    const policy = loadGates(GATES);
    assert.deepEqual(bypassableGates(policy.gates), [
      'sbom',
      'signatures',
      'provenance',
      'vulnerabilities',
      'slo_burn_rate',
      'approvals',
    ]);
    assert.equal(policy.gates.bypass, undefined);
    const { decision, validUntil } = evaluate({ snapshot: REVOKED, policy, env: 'prod', waivers: [], now: NOW });
    const result = Object.fromEntries(decision.gates.map((g) => [g.gate, g.result]));
    assert.deepEqual(result, { sbom: 'bypassed', approvals: 'bypassed', promotable: 'fail' });
    assert.equal(decision.allow, false, 'a revoked digest stays denied');
    assert.equal(validUntil?.toISOString(), BYPASS.expiresAt);
  });

  it('bypasses promotable only when gates.yaml says so, and a narrowed policy wins over the open bypass', () => {
    const wide = loadGates(`${GATES}bypass: { gates: [sbom, approvals, promotable] }\n`);
    assert.equal(
      evaluate({ snapshot: REVOKED, policy: wide, env: 'prod', waivers: [], now: NOW }).decision.allow,
      true,
    );
    const narrow = loadGates(`${GATES}bypass: { gates: [approvals] }\n`);
    const d = evaluate({ snapshot: REVOKED, policy: narrow, env: 'prod', waivers: [], now: NOW }).decision;
    assert.equal(d.gates.find((g) => g.gate === 'sbom')!.result, 'fail');
    assert.throws(
      () => loadGates(`${GATES}bypass: { gates: [everything] }\n`),
      (e: unknown) => e instanceof PolicyError && e.code === 'POLICY_INVALID',
    );
  });

  it('an expired bypass bypasses nothing, without waiting for any job', () => {
    assert.equal(applyBypass('sbom', BYPASS, ['sbom'], new Date(BYPASS.expiresAt)), undefined);
    assert.equal(applyBypass('sbom', BYPASS, ['sbom'], new Date('2026-11-22T13:59:59Z'))?.reason.code, 'BYPASSED');
    assert.equal(applyBypass('sbom', undefined, ['sbom'], NOW), undefined);
  });
});

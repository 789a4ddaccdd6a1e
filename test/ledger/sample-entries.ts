import type { LedgerEntry } from '../../src/ledger/ledger-entry.js';

const D = ('sha256:' + 'ab'.repeat(32)) as `sha256:${string}`;

/** One entry of every type, for encoding and pack tests. */
export const SAMPLE_ENTRIES: LedgerEntry[] = [
  {
    v: 1,
    type: 'decision',
    at: '2026-11-22T10:00:00Z',
    actor: 'mc',
    payload: {
      allow: false,
      digest: D,
      env: 'prod',
      profile: 'prod',
      policyHash: D,
      evaluatedAt: '2026-11-22T10:00:00Z',
      gates: [
        {
          gate: 'signatures',
          mode: 'enforce',
          result: 'fail',
          reasons: [{ code: 'SIGNATURE_MISSING', message: 'no signature' }],
        },
      ],
    },
  },
  {
    v: 1,
    type: 'ingest',
    at: '2026-11-22T10:00:00Z',
    actor: 'ci',
    payload: { artifact: D, kind: 'sbom', sha256: D, format: 'cyclonedx-1.5' },
  },
  {
    v: 1,
    type: 'revocation',
    at: '2026-11-22T10:00:00Z',
    actor: 'cve-watch',
    payload: { digest: D, action: 'revoke', reason: 'cve', detail: 'GHSA-xxxx' },
  },
  {
    v: 1,
    type: 'waiver',
    at: '2026-11-22T10:00:00Z',
    actor: 'alice',
    payload: {
      action: 'create',
      id: 'w1',
      selector: { advisoryId: 'CVE-2026-1' },
      owner: 'alice',
      reason: 'not reachable',
      expiresAt: '2026-12-01T00:00:00Z',
    },
  },
  {
    v: 1,
    type: 'bypass',
    at: '2026-11-22T10:00:00Z',
    actor: 'bob',
    payload: {
      action: 'open',
      id: 'b1',
      digest: D,
      env: 'prod',
      incident: 'SEV1-42',
      approvers: [
        { subject: 'a', role: 'security' },
        { subject: 'b', role: 'release' },
        { subject: 'c', role: 'owner' },
      ],
      expiresAt: '2026-11-22T14:00:00Z',
    },
  },
  {
    v: 1,
    type: 'approval',
    at: '2026-11-22T10:00:00Z',
    actor: 'carol',
    payload: {
      digest: D,
      env: 'prod',
      subject: 'carol',
      issuer: 'https://idp.example',
      expiresAt: '2026-11-22T10:30:00Z',
      nonceHash: 'cd'.repeat(32),
    },
  },
  {
    v: 1,
    type: 'drift',
    at: '2026-11-22T10:00:00Z',
    actor: 'drift-watch',
    payload: {
      env: 'prod',
      workload: 'ns/api',
      expected: D,
      observed: ('sha256:' + 'ef'.repeat(32)) as `sha256:${string}`,
      action: 'quarantine',
    },
  },
  {
    v: 1,
    type: 'rotation',
    at: '2026-11-22T10:00:00Z',
    actor: 'dave',
    payload: {
      subject: 'dave@example.com',
      items: ['db/password', 'github-deploy-token'],
      rotatedAt: '2026-11-22T09:59:00Z',
    },
  },
];

import { schemaValidator } from '../formats/json-schema.js';

/** JSON Schema of ledger entries (beside ledger-entry.ts); entries in packs are untrusted. */
const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' };
const time = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$' };
const text = (max = 1024) => ({ type: 'string', minLength: 1, maxLength: max });
const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

const reason = {
  type: 'object',
  additionalProperties: false,
  properties: { code: text(128), message: text(4096), details: { type: 'object' } },
  required: ['code', 'message'],
};
const gate = obj(
  {
    gate: { enum: ['sbom', 'signatures', 'provenance', 'vulnerabilities', 'slo_burn_rate', 'approvals', 'promotable'] },
    mode: { enum: ['off', 'advisory', 'enforce'] },
    result: { enum: ['pass', 'fail', 'advisory-fail', 'waived', 'bypassed', 'skipped'] },
    reasons: { type: 'array', items: reason, maxItems: 10000 },
  },
  ['gate', 'mode', 'result', 'reasons'],
);

const PAYLOADS: Record<string, unknown> = {
  decision: obj(
    {
      allow: { type: 'boolean' },
      digest,
      env: text(128),
      profile: text(128),
      policyHash: text(128),
      accessPolicyHash: text(128),
      evaluatedAt: time,
      gates: { type: 'array', items: gate, maxItems: 64 },
    },
    ['allow', 'digest', 'env', 'profile', 'policyHash', 'evaluatedAt', 'gates'],
  ),
  ingest: obj(
    {
      artifact: digest,
      kind: { enum: ['sbom', 'provenance', 'signature', 'attestation', 'scan', 'vex'] },
      sha256: digest,
      format: text(128),
    },
    ['artifact', 'kind', 'sha256', 'format'],
  ),
  revocation: obj(
    {
      digest,
      action: { enum: ['revoke', 'reinstate'] },
      reason: { enum: ['cve', 'drift', 'manual', 'lineage', 'backfill'] },
      detail: text(4096),
      propagatedFrom: digest,
      env: text(128),
      chain: { type: 'array', items: digest, minItems: 1, maxItems: 1000 },
      advisory: text(256),
    },
    ['digest', 'action', 'reason'],
  ),
  waiver: obj(
    {
      action: { enum: ['create', 'revoke', 'expire'] },
      id: text(256),
      selector: { ...obj({ digest, advisoryId: text(256), purl: text(2048) }, []), minProperties: 1 },
      owner: text(256),
      reason: text(4096),
      expiresAt: time,
    },
    ['action', 'id', 'selector', 'owner', 'reason', 'expiresAt'],
  ),
  bypass: obj(
    {
      action: { enum: ['request', 'approve', 'open', 'close', 'revert'] },
      id: text(256),
      digest,
      env: text(128),
      incident: text(256),
      approvers: {
        type: 'array',
        maxItems: 16,
        items: obj({ subject: text(256), role: { enum: ['security', 'release', 'owner'] } }, ['subject', 'role']),
      },
      expiresAt: time,
      reason: text(4096),
      gates: { type: 'array', maxItems: 16, items: text(64) },
    },
    ['action', 'id', 'digest', 'env', 'incident', 'approvers', 'expiresAt'],
  ),
  approval: obj(
    {
      digest,
      env: text(128),
      subject: text(256),
      issuer: text(1024),
      expiresAt: time,
      nonceHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      credentialId: text(1024),
    },
    ['digest', 'env', 'subject', 'issuer', 'expiresAt', 'nonceHash'],
  ),
  exception: obj(
    {
      action: { enum: ['add', 'remove', 'expire'] },
      id: text(256),
      service: text(1024),
      env: text(128),
      owner: text(256),
      reason: text(4096),
      expiresAt: time,
    },
    ['action', 'id', 'service', 'env', 'owner', 'reason', 'expiresAt'],
  ),
  drift: obj({ env: text(128), workload: text(512), expected: digest, observed: digest, action: text(256) }, [
    'env',
    'workload',
    'expected',
    'observed',
    'action',
  ]),
  rotation: obj(
    {
      subject: text(256),
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        items: { type: 'string', pattern: '^[A-Za-z0-9._/:@-]{1,256}$' },
      },
      rotatedAt: time,
    },
    ['subject', 'items', 'rotatedAt'],
  ),
  access: obj(
    {
      action: text(64),
      outcome: { const: 'deny' },
      code: text(64),
      rule: text(128),
      env: text(128),
      digest,
      route: text(512),
    },
    ['action', 'outcome', 'code'],
  ),
};

export const LEDGER_ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    v: { const: 1 },
    type: { enum: Object.keys(PAYLOADS) },
    at: time,
    actor: text(256),
    payload: { type: 'object' },
  },
  required: ['v', 'type', 'at', 'actor', 'payload'],
  allOf: Object.entries(PAYLOADS).map(([type, payload]) => ({
    if: { properties: { type: { const: type } } },
    then: { properties: { payload } },
  })),
};

const entrySchema = schemaValidator(LEDGER_ENTRY_SCHEMA);

/** undefined when valid, else the JSON pointer of the first offending field and why. */
export function validateLedgerEntry(value: unknown): { path: string; message: string } | undefined {
  const issue = entrySchema.firstIssue(value);
  return issue === undefined ? undefined : { path: issue.path || '/', message: issue.message };
}

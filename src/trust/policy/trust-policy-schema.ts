/**
 * JSON Schema (draft-07, Ajv) of SECURITY/trust-policy.yaml. Closed objects everywhere: an unknown
 * key is a typo that would otherwise silently loosen the policy.
 */
const matcher = {
  type: 'object',
  oneOf: [
    { required: ['exact'], properties: { exact: { type: 'string', minLength: 1 } }, additionalProperties: false },
    {
      required: ['regexp'],
      properties: { regexp: { type: 'string', minLength: 1, maxLength: 1024 } },
      additionalProperties: false,
    },
  ],
} as const;

const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;

export const TRUST_POLICY_SCHEMA = {
  $id: 'https://maestro-conductor.dev/schemas/trust-policy-v1.json',
  type: 'object',
  required: ['version', 'environments'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    roots: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'trusted_root'],
        additionalProperties: false,
        properties: {
          name,
          trusted_root: { type: 'string', minLength: 1 },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
      },
    },
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'pem'],
        additionalProperties: false,
        properties: { name, pem: { type: 'string', minLength: 1 }, valid_from: timestamp, valid_until: timestamp },
      },
    },
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          roots: { type: 'array', items: name },
          keys: { type: 'array', items: name },
          identities: {
            type: 'array',
            items: {
              type: 'object',
              required: ['subject', 'issuer'],
              additionalProperties: false,
              properties: { subject: matcher, issuer: matcher },
            },
          },
          builders: { type: 'array', items: matcher },
          source_repositories: { type: 'array', items: matcher },
          predicate_types: { type: 'array', items: { type: 'string', minLength: 1 } },
          tlog_entries: { type: 'integer', minimum: 0, maximum: 8 },
          timestamps: { type: 'integer', minimum: 0, maximum: 8 },
          sct_entries: { type: 'integer', minimum: 0, maximum: 8 },
        },
      },
    },
  },
} as const;

import { ACCESS_ACTIONS } from './access-action.js';

/**
 * The views route modules project (see access-view.ts); access.yaml's `views:` may only name
 * these: GET /v1/artifacts/{digest} (`artifact`), GET /v1/decisions (`decision`, also the
 * decisions of a bypass report), GET /v1/events (`event`), GET /v1/waivers[/due] (`waiver`),
 * GET /v1/lineage/{digest} (`lineage`), GET /v1/ledger/checkpoint|proof|consistency
 * (`checkpoint`, `inclusion_proof`, `consistency_proof`), the answer of an evidence upload
 * (`ingest`), GET /v1/approvals/exceptions (`exception`), GET /v1/bypasses/{id} (`bypass`) and
 * its report (`bypass_report`).
 */
export const VIEW_NAMES = [
  'artifact',
  'decision',
  'event',
  'waiver',
  'lineage',
  'checkpoint',
  'inclusion_proof',
  'consistency_proof',
  'ingest',
  'exception',
  'bypass',
  'bypass_report',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const name = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' } as const;
const names = { type: 'array', items: name, minItems: 1, maxItems: 64, uniqueItems: true } as const;
const envName = { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{0,62}$' } as const;
/** Repository name patterns: `*` within a path segment, `**` across segments. */
const pattern = { type: 'string', pattern: '^[A-Za-z0-9*][A-Za-z0-9._:/*@-]{0,511}$' } as const;
const field = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$' } as const;

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'roles', 'actions'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' },
    effect: { enum: ['allow', 'deny'] },
    /** `*`: any authenticated principal. */
    roles: { type: 'array', minItems: 1, maxItems: 64, uniqueItems: true, items: { anyOf: [name, { const: '*' }] } },
    actions: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...ACCESS_ACTIONS, '*'] } },
    /** `own`: the artifact's team must be the principal's; a list: one of these teams. */
    team: { anyOf: [{ const: 'own' }, names] },
    environments: { type: 'array', minItems: 1, maxItems: 256, uniqueItems: true, items: envName },
    sensitivity: names,
  },
} as const;

/** JSON Schema of policy/data/access.yaml (beside its loader, access-policy.ts). */
export const ACCESS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'rules'],
  properties: {
    version: { const: 1 },
    /** team → the artifact name patterns it owns. */
    teams: {
      type: 'object',
      propertyNames: name,
      additionalProperties: { type: 'array', items: pattern, minItems: 1, maxItems: 256 },
    },
    /** environment → sensitivity (an environment not named is `normal`). */
    sensitivity: { type: 'object', propertyNames: envName, additionalProperties: name },
    rules: { type: 'array', maxItems: 1024, items: rule },
    /** view → role → the fields that role sees (a role not named sees what its actions allow). */
    views: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        VIEW_NAMES.map((v) => [
          v,
          {
            type: 'object',
            propertyNames: name,
            additionalProperties: { type: 'array', items: field, maxItems: 64, uniqueItems: true },
          },
        ]),
      ),
    },
    step_up: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** Where step-up applies; default: every environment whose sensitivity is `high`. */
        environments: { type: 'array', maxItems: 256, uniqueItems: true, items: envName },
        /** How old the assertion may be: a duration up to 5m (default 5m). */
        max_age: { type: 'string', pattern: '^[1-9][0-9]{0,4}(s|m)$' },
      },
    },
  },
} as const;

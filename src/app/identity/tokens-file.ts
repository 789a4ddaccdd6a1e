import { schemaValidator } from '../../formats/json-schema.js';
import { YamlSource } from '../../formats/yaml-source.js';
import { isBaseError } from '../../domain/errors.js';
import { IdentityError } from './identity-error.js';

/** One static token as stored: its sha256, never the token itself. */
export interface TokenEntry {
  label: string;
  sha256: string;
  roles: string[];
  team?: string;
}

const role = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' } as const;
const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['tokens'],
  properties: {
    tokens: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'sha256', 'roles'],
        properties: {
          label: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$' },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          roles: { type: 'array', items: role, maxItems: 32, uniqueItems: true },
          team: role,
        },
      },
    },
  },
} as const;
const validator = schemaValidator(schema);

/**
 * The labelled tokens file (MC_ACCESS_TOKENS_FILE): each token's sha256 (hex), a label that
 * ledger entries name, its roles and team. Only hashes are at rest: the file can be read by
 * whoever deploys mc without handing them a credential.
 *   tokens:
 *     - { label: ci-payments, sha256: <hex>, roles: [ci], team: payments }
 */
export function parseTokensFile(bytes: Uint8Array, name: string): TokenEntry[] {
  let value: unknown;
  try {
    value = YamlSource.parse(bytes, name, 0).toJS();
  } catch (e) {
    if (!isBaseError(e)) throw e;
    throw new IdentityError('TOKENS_FILE_INVALID', e.message, { cause: e, path: name });
  }
  const issue = validator.firstIssue(value);
  if (issue !== undefined)
    throw new IdentityError('TOKENS_FILE_INVALID', `${name}: ${issue.path || '/'} ${issue.reason}`, {
      path: `${name}#${issue.path}`,
    });
  const entries = (value as { tokens: TokenEntry[] }).tokens;
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    for (const key of [`label:${e.label}`, `sha256:${e.sha256}`]) {
      if (seen.has(key))
        throw new IdentityError(
          'TOKENS_FILE_INVALID',
          `${name}: /tokens/${i} repeats ${key.split(':')[0]} of an earlier entry`,
          {
            path: `${name}#/tokens/${i}`,
          },
        );
      seen.add(key);
    }
  }
  return entries;
}

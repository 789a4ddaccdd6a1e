import type { Provenance } from '../../domain/evidence.js';
import { EvidenceError, withPathPrefix } from '../evidence-error.js';
import { checkSchema, lazyValidator } from '../schema-check.js';
import { slsaV02Fields, slsaV1Fields, type PredicateFields } from './slsa-predicate.js';

export const STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'] as const;

/** Predicate type → normalizer. The v1.0 release-candidate draft URI is still emitted by older builders. */
const PREDICATES: ReadonlyMap<string, (predicate: unknown) => PredicateFields> = new Map([
  ['https://slsa.dev/provenance/v0.2', slsaV02Fields],
  ['https://slsa.dev/provenance/v1', slsaV1Fields],
  ['https://slsa.dev/provenance/v1.0?draft', slsaV1Fields],
]);

/** Provenance plus the git ref the source was built at (an extra field, not in the domain type). */
export type NormalizedProvenance = Provenance & { sourceRef?: string };

/** in-toto Statement v0.1 / v1 (in-toto/attestation spec/v1/statement.md): every subject MUST carry a digest. */
const validator = lazyValidator({
  type: 'object',
  required: ['_type', 'subject', 'predicateType'],
  properties: {
    _type: { type: 'string' },
    subject: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['digest'],
        properties: { name: { type: 'string' }, digest: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } } },
      },
    },
    predicateType: { type: 'string' },
    predicate: { type: 'object' },
  },
});

/** Hex lengths of the digest algorithms in the in-toto digest set registry (spec/v1/digest_set.md). */
const HEX_LENGTH: Readonly<Record<string, number>> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha512_224: 56,
  sha512_256: 64,
  sha3_224: 56,
  sha3_256: 64,
  sha3_384: 96,
  sha3_512: 128,
};

/**
 * A decoded statement (attacker-controlled) → NormalizedProvenance. `path` prefixes error paths
 * (e.g. `line 2`, `/payload`) so the caller can tell which statement of several was at fault.
 */
export function normalizeStatement(value: unknown, path = ''): NormalizedProvenance {
  const head = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const type = head._type;
  if (typeof type !== 'string' || !type.startsWith('https://in-toto.io/Statement/')) {
    throw new EvidenceError('WRONG_FORMAT', `_type must be an in-toto Statement, got ${JSON.stringify(type)?.slice(0, 80)}`, { path: `${path}/_type` });
  }
  if (!(STATEMENT_TYPES as readonly string[]).includes(type)) {
    throw new EvidenceError('UNSUPPORTED_SPEC_VERSION', `${type.slice(0, 80)} is not supported (Statement v0.1, v1)`, { path: `${path}/_type` });
  }
  if (!Array.isArray(head.subject) || head.subject.length === 0) {
    throw new EvidenceError('NO_SUBJECT', 'the statement names no subject', { path: `${path}/subject` });
  }
  try {
    checkSchema(validator(), value, 'in-toto Statement');
  } catch (e) {
    throw withPathPrefix(e, path);
  }
  const statement = value as { subject: Array<{ name?: string; digest: Record<string, string> }>; predicateType: string; predicate?: unknown };
  const subjects = statement.subject.map((s, i) => ({ name: s.name ?? '', digest: checkDigests(s.digest, `${path}/subject/${i}/digest`) }));
  const normalize = PREDICATES.get(statement.predicateType);
  if (normalize === undefined) {
    throw new EvidenceError('UNSUPPORTED_PREDICATE', `predicateType ${JSON.stringify(statement.predicateType.slice(0, 120))} is not SLSA provenance v0.2 or v1`, {
      path: `${path}/predicateType`,
    });
  }
  let fields: PredicateFields;
  try {
    fields = normalize(statement.predicate ?? {});
  } catch (e) {
    throw withPathPrefix(e, `${path}/predicate`);
  }
  fields.materials.forEach((m, i) => checkDigests(m.digest, `${path}/predicate/materials/${i}/digest`));
  return { statementType: type, predicateType: statement.predicateType, subjects, ...fields };
}

function checkDigests(digest: Record<string, string>, path: string): Record<string, string> {
  for (const [alg, hex] of Object.entries(digest)) {
    const length = HEX_LENGTH[alg];
    if (length !== undefined && (hex.length !== length || !/^[0-9a-f]+$/.test(hex))) {
      throw new EvidenceError('INVALID_DIGEST', `${alg} digest must be ${length} lowercase hex characters`, { path: `${path}/${alg}` });
    }
  }
  return { ...digest };
}

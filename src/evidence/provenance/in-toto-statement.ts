import type { Provenance } from '../../domain/evidence.js';
import { EvidenceError, withPathPrefix } from '../evidence-error.js';
import { parseJson } from '../evidence-input.js';
import { schemaValidator } from '../../formats/json-schema.js';
import { checkSchema } from '../schema-check.js';
import { slsaV02Fields, slsaV1Fields, type PredicateFields } from './slsa-predicate.js';

export const STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'] as const;

/** Predicate type → normalizer. The v1.0 release-candidate draft URI is still emitted by older builders. */
const PREDICATES: ReadonlyMap<string, (predicate: unknown) => PredicateFields> = new Map([
  ['https://slsa.dev/provenance/v0.2', slsaV02Fields],
  ['https://slsa.dev/provenance/v1', slsaV1Fields],
  ['https://slsa.dev/provenance/v1.0?draft', slsaV1Fields],
]);
export const SLSA_PREDICATE_TYPES: readonly string[] = [...PREDICATES.keys()];

/** Provenance plus the git ref the source was built at (an extra field, not in the domain type). */
export type NormalizedProvenance = Provenance & { sourceRef?: string };

/** A checked in-toto statement with its predicate not yet read. */
export interface InTotoStatement {
  statementType: string;
  predicateType: string;
  subjects: Array<{ name: string; digest: Record<string, string> }>;
  predicate: unknown;
}

/** in-toto Statement v0.1 / v1 (in-toto/attestation spec/v1/statement.md): every subject MUST carry a digest. */
const validator = schemaValidator({
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
        properties: {
          name: { type: 'string' },
          digest: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } },
        },
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
 * A decoded statement (attacker-controlled) → its checked head: type, subjects with well-formed
 * digests, predicate type. `path` prefixes error paths (e.g. `line 2`, `/payload`) so the caller can
 * tell which statement of several was at fault. The one reading of the format: `mc ingest
 * --provenance` and the trust verifier both take statements from here.
 */
export function readStatement(value: unknown, path = ''): InTotoStatement {
  const head = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;
  const type = head._type;
  if (typeof type !== 'string' || !type.startsWith('https://in-toto.io/Statement/')) {
    throw new EvidenceError(
      'WRONG_FORMAT',
      `_type must be an in-toto Statement, got ${JSON.stringify(type)?.slice(0, 80)}`,
      { path: `${path}/_type` },
    );
  }
  if (!(STATEMENT_TYPES as readonly string[]).includes(type)) {
    throw new EvidenceError('UNSUPPORTED_SPEC_VERSION', `${type.slice(0, 80)} is not supported (Statement v0.1, v1)`, {
      path: `${path}/_type`,
    });
  }
  if (!Array.isArray(head.subject) || head.subject.length === 0) {
    throw new EvidenceError('NO_SUBJECT', 'the statement names no subject', { path: `${path}/subject` });
  }
  try {
    checkSchema(validator, value, 'in-toto Statement');
  } catch (e) {
    throw withPathPrefix(e, path);
  }
  const statement = value as {
    subject: Array<{ name?: string; digest: Record<string, string> }>;
    predicateType: string;
    predicate?: unknown;
  };
  // statement.md: predicateType is a REQUIRED TypeURI; an empty one names no predicate anyone could read.
  if (statement.predicateType === '')
    throw new EvidenceError('UNSUPPORTED_PREDICATE', 'predicateType is empty', { path: `${path}/predicateType` });
  const subjects = statement.subject.map((s, i) => ({
    name: s.name ?? '',
    digest: checkDigests(s.digest, `${path}/subject/${i}/digest`),
  }));
  return { statementType: type, predicateType: statement.predicateType, subjects, predicate: statement.predicate };
}

/**
 * The statement a DSSE payload carries (`where` is the envelope's path): strict UTF-8 JSON (a BOM
 * ignored, as a UTF-8 decoder does), then readStatement. A JSON error keeps the payload's own
 * line:column after the pointer to the payload.
 */
export function statementFromPayload(payload: Uint8Array, where = ''): InTotoStatement {
  let value: unknown;
  try {
    value = parseJson(payload);
  } catch (e) {
    const error = e instanceof EvidenceError ? e : new EvidenceError('MALFORMED_ENCODING', 'not UTF-8', { cause: e });
    const path = `${where}/payload${error.path === undefined ? '' : `:${error.path}`}`;
    throw new EvidenceError(error.code, `DSSE payload: ${error.message}`, { cause: e, path });
  }
  return readStatement(value, `${where}/payload`);
}

/**
 * Builder, build type, source and materials of a SLSA provenance predicate (v0.2, v1, the v1.0
 * draft), or undefined for any other predicate type. Throws an EvidenceError under
 * `<path>/predicate` when the predicate breaks its SLSA schema or names a malformed digest.
 */
export function slsaPredicateFields(statement: InTotoStatement, path = ''): PredicateFields | undefined {
  const normalize = PREDICATES.get(statement.predicateType);
  if (normalize === undefined) return undefined;
  let fields: PredicateFields;
  try {
    fields = normalize(statement.predicate ?? {});
  } catch (e) {
    throw withPathPrefix(e, `${path}/predicate`);
  }
  fields.materials.forEach((m, i) => {
    checkDigests(m.digest, `${path}/predicate/materials/${i}/digest`);
  });
  return fields;
}

/** A statement that must be SLSA provenance → NormalizedProvenance (what `mc ingest --provenance` stores). */
export function normalizeStatement(statement: InTotoStatement, path = ''): NormalizedProvenance {
  const fields = slsaPredicateFields(statement, path);
  if (fields === undefined) {
    throw new EvidenceError(
      'UNSUPPORTED_PREDICATE',
      `predicateType ${JSON.stringify(statement.predicateType.slice(0, 120))} is not SLSA provenance v0.2 or v1`,
      {
        path: `${path}/predicateType`,
      },
    );
  }
  const { predicate: _predicate, ...head } = statement;
  return { ...head, ...fields };
}

function checkDigests(digest: Record<string, string>, path: string): Record<string, string> {
  for (const [alg, hex] of Object.entries(digest)) {
    const length = HEX_LENGTH[alg];
    if (length !== undefined && (hex.length !== length || !/^[0-9a-f]+$/.test(hex))) {
      throw new EvidenceError('INVALID_DIGEST', `${alg} digest must be ${length} lowercase hex characters`, {
        path: `${path}/${alg}`,
      });
    }
  }
  return { ...digest };
}

import type { Provenance } from '../domain/evidence.js';
import { EvidenceError } from '../evidence/evidence-error.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../evidence/provenance/dsse-envelope.js';
import { STATEMENT_TYPES, type NormalizedProvenance } from '../evidence/provenance/in-toto-statement.js';
import { slsaV02Fields, slsaV1Fields, type PredicateFields } from '../evidence/provenance/slsa-predicate.js';
import { sameArtifact, type ArtifactRef } from './artifact-ref.js';
import { VerificationError } from './verification-error.js';

export { IN_TOTO_PAYLOAD_TYPE };

/** SLSA provenance predicate types and their normalizers; the v1.0 release-candidate draft URI is still emitted by older builders. */
const SLSA_NORMALIZERS: ReadonlyMap<string, (predicate: unknown) => PredicateFields> = new Map([
  ['https://slsa.dev/provenance/v0.2', slsaV02Fields],
  ['https://slsa.dev/provenance/v1', slsaV1Fields],
  ['https://slsa.dev/provenance/v1.0?draft', slsaV1Fields],
]);
export const SLSA_PREDICATE_TYPES: readonly string[] = [...SLSA_NORMALIZERS.keys()];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function malformed(message: string, path: string): never {
  throw new VerificationError('STATEMENT_MALFORMED', `in-toto statement: ${message}`, { path });
}

/** Parses a DSSE payload as an in-toto Statement v0.1/v1 (attacker-controlled; checked field by field). */
export function parseStatement(payloadType: string, payload: Uint8Array): StatementReading {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationError('PAYLOAD_TYPE_UNEXPECTED', `payload type ${JSON.stringify(payloadType.slice(0, 100))} is not ${IN_TOTO_PAYLOAD_TYPE}`, { path: '/payloadType' });
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch (e) {
    throw new VerificationError('STATEMENT_MALFORMED', 'in-toto statement is not valid JSON', { cause: e, path: '/payload' });
  }
  if (!isObject(json)) malformed('must be a JSON object', '/payload');
  const statementType = str(json._type);
  if (statementType === undefined || !(STATEMENT_TYPES as readonly string[]).includes(statementType)) malformed(`unknown _type ${JSON.stringify(json._type)}`, '/payload/_type');
  const predicateType = str(json.predicateType);
  if (predicateType === undefined) malformed('predicateType is missing', '/payload/predicateType');
  if (!Array.isArray(json.subject) || json.subject.length === 0) malformed('subject must be a non-empty array', '/payload/subject');
  const subjects = json.subject.map((s, i) => {
    if (!isObject(s) || !isObject(s.digest)) malformed('subject needs a digest object', `/payload/subject/${i}`);
    const digest: Record<string, string> = {};
    for (const [alg, hex] of Object.entries(s.digest)) {
      if (typeof hex !== 'string' || !/^[0-9a-fA-F]+$/.test(hex)) malformed(`digest ${alg} is not hex`, `/payload/subject/${i}/digest/${alg}`);
      digest[alg.toLowerCase()] = hex.toLowerCase();
    }
    return { name: typeof s.name === 'string' ? s.name : '', digest };
  });
  return { statementType, predicateType, subjects, materials: [], ...slsaFields(predicateType, json.predicate) };
}

/**
 * A statement as trust reads it. `predicateError` says why a SLSA predicate could not be read (it
 * breaks its SLSA schema): the signature over the statement may still verify, but the provenance
 * gate rejects it with STATEMENT_MALFORMED.
 */
export type StatementReading = NormalizedProvenance & { predicateError?: { code: 'STATEMENT_MALFORMED'; message: string; path: string } };

/**
 * Builder id, build type, source repository and commit of a SLSA predicate, read by the same
 * per-predicate normalizers as `mc ingest --provenance` (one reading of SLSA in the codebase).
 */
function slsaFields(predicateType: string, predicate: unknown): Partial<StatementReading> {
  const normalize = SLSA_NORMALIZERS.get(predicateType);
  if (normalize === undefined) return {};
  try {
    return normalize(predicate ?? {});
  } catch (e) {
    if (!(e instanceof EvidenceError)) throw e;
    const at = e.path === undefined || e.path === '/' ? '' : e.path;
    return { predicateError: { code: 'STATEMENT_MALFORMED', message: `in-toto statement: ${e.message}`, path: `/payload/predicate${at}` } };
  }
}

/** The statement must name the artifact by a digest algorithm both sides have, and have an expected predicate. */
export function checkStatement(statement: Provenance, artifact: ArtifactRef | undefined, expectedPredicateTypes: readonly string[] | undefined): void {
  if (artifact !== undefined && !statement.subjects.some((s) => sameArtifact(s.digest, artifact.digests))) {
    const algs = Object.keys(artifact.digests).join(', ');
    throw new VerificationError('SUBJECT_MISMATCH', `no in-toto subject names the artifact (compared by ${algs})`, { path: '/payload/subject' });
  }
  if (expectedPredicateTypes !== undefined && !expectedPredicateTypes.includes(statement.predicateType)) {
    throw new VerificationError('PREDICATE_TYPE_UNEXPECTED', `predicate type ${JSON.stringify(statement.predicateType)} is not one of ${expectedPredicateTypes.join(', ')}`, { path: '/payload/predicateType' });
  }
}

import type { Provenance } from '../domain/evidence.js';
import { sameArtifact, type ArtifactRef } from './artifact-ref.js';
import { VerificationError } from './verification-error.js';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

/** Predicate types a gate may expect (issue 4 §2). */
export const KNOWN_PREDICATE_TYPES = [
  'https://slsa.dev/provenance/v0.2',
  'https://slsa.dev/provenance/v1',
  'https://cyclonedx.org/bom',
  'https://spdx.dev/Document',
  'https://cosign.sigstore.dev/attestation/vuln/v1',
] as const;
export const SLSA_PREDICATE_TYPES: readonly string[] = ['https://slsa.dev/provenance/v0.2', 'https://slsa.dev/provenance/v1'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function malformed(message: string, path: string): never {
  throw new VerificationError('STATEMENT_MALFORMED', `in-toto statement: ${message}`, { path });
}

/** Parses a DSSE payload as an in-toto Statement v0.1/v1 (attacker-controlled; checked field by field). */
export function parseStatement(payloadType: string, payload: Uint8Array): Provenance {
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
  if (statementType === undefined || !STATEMENT_TYPES.includes(statementType)) malformed(`unknown _type ${JSON.stringify(json._type)}`, '/payload/_type');
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

/** Builder id, build type, source repository and commit of SLSA v0.2 and v1 predicates. */
function slsaFields(predicateType: string, predicate: unknown): Partial<Provenance> {
  if (!isObject(predicate)) return {};
  const out: Partial<Provenance> = {};
  const set = (k: 'builderId' | 'buildType' | 'sourceRepository' | 'sourceCommit', v: unknown): void => {
    const s = str(v);
    if (s !== undefined && out[k] === undefined) out[k] = s;
  };
  const materials = (list: unknown, uriKey: string): Array<{ uri: string; digest: Record<string, string> }> =>
    Array.isArray(list)
      ? list.filter(isObject).map((m) => ({ uri: str(m[uriKey]) ?? '', digest: isObject(m.digest) ? (m.digest as Record<string, string>) : {} }))
      : [];
  if (predicateType === 'https://slsa.dev/provenance/v0.2') {
    set('builderId', isObject(predicate.builder) ? predicate.builder.id : undefined);
    set('buildType', predicate.buildType);
    const cs = isObject(predicate.invocation) && isObject(predicate.invocation.configSource) ? predicate.invocation.configSource : undefined;
    set('sourceRepository', cs === undefined ? undefined : stripRef(str(cs.uri)));
    set('sourceCommit', cs !== undefined && isObject(cs.digest) ? cs.digest.sha1 : undefined);
    out.materials = materials(predicate.materials, 'uri');
  } else if (predicateType === 'https://slsa.dev/provenance/v1') {
    const rd = isObject(predicate.runDetails) ? predicate.runDetails : {};
    const bd = isObject(predicate.buildDefinition) ? predicate.buildDefinition : {};
    set('builderId', isObject(rd.builder) ? rd.builder.id : undefined);
    set('buildType', bd.buildType);
    const ext = isObject(bd.externalParameters) ? bd.externalParameters : {};
    const wf = isObject(ext.workflow) ? ext.workflow : {};
    set('sourceRepository', stripRef(str(wf.repository)));
    set('sourceRepository', stripRef(str(ext.source)));
    out.materials = materials(bd.resolvedDependencies, 'uri');
    const first = out.materials[0];
    set('sourceRepository', stripRef(first?.uri));
    set('sourceCommit', first?.digest.gitCommit ?? first?.digest.sha1);
  }
  return out;
}

/** `git+https://github.com/o/r@refs/heads/main` → `https://github.com/o/r`. */
function stripRef(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  const noScheme = uri.startsWith('git+') ? uri.slice(4) : uri;
  const at = noScheme.indexOf('@', noScheme.indexOf('://') + 3);
  const base = at === -1 ? noScheme : noScheme.slice(0, at);
  return base.endsWith('.git') ? base.slice(0, -4) : base;
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

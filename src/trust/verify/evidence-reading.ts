import { EvidenceError } from '../../evidence/evidence-error.js';
import { parseJson } from '../../evidence/evidence-input.js';
import { IN_TOTO_PAYLOAD_TYPE, readDsseEnvelope, type DsseEnvelope } from '../../evidence/provenance/dsse-envelope.js';
import {
  SLSA_PREDICATE_TYPES,
  slsaPredicateFields,
  statementFromPayload,
  type InTotoStatement,
  type NormalizedProvenance,
} from '../../evidence/provenance/in-toto-statement.js';
import { VerificationError, type VerificationErrorCode } from '../verification-error.js';

export { IN_TOTO_PAYLOAD_TYPE, SLSA_PREDICATE_TYPES, type DsseEnvelope };

/**
 * The one place the trust verifier parses attacker-controlled JSON, DSSE envelopes and in-toto
 * statements: with src/evidence's parsers, the ones `mc ingest --provenance` uses, so both accept
 * and refuse the same bytes. Their EvidenceError becomes the VerificationError code trust reports
 * (the gates and `mc trust verify` key off these codes), keeping the path to the offending field.
 */
function asVerificationError(e: unknown, code: VerificationErrorCode, what: string): unknown {
  if (!(e instanceof EvidenceError)) return e;
  // The JSON reader's paths are line:column of the text, not a field: the document itself is at fault.
  const path =
    e.code === 'MALFORMED_JSON' && !e.path?.startsWith('/') ? '' : e.path === undefined || e.path === '/' ? '' : e.path;
  return new VerificationError(code, `${what}: ${e.message}`, { cause: e, path });
}

/** JSON bytes (strict UTF-8, a BOM ignored) → value; over `maxBytes` is BUNDLE_TOO_LARGE, anything unreadable `code`. */
export function readJsonDocument(
  bytes: Uint8Array,
  maxBytes: number,
  code: 'BUNDLE_MALFORMED' | 'ENVELOPE_MALFORMED',
  what: string,
): unknown {
  if (bytes.byteLength > maxBytes)
    throw new VerificationError('BUNDLE_TOO_LARGE', `${what} is larger than ${maxBytes} bytes`);
  try {
    return parseJson(bytes, { maxBytes, maxLines: 1 });
  } catch (e) {
    throw asVerificationError(e, code, what);
  }
}

export const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;

/** A DSSE envelope as bytes or parsed JSON (attacker-controlled) → decoded fields, or ENVELOPE_MALFORMED with the field's path. */
export function readEnvelope(input: Uint8Array | unknown): DsseEnvelope {
  const json =
    input instanceof Uint8Array
      ? readJsonDocument(input, MAX_ENVELOPE_BYTES, 'ENVELOPE_MALFORMED', 'DSSE envelope')
      : input;
  try {
    return readDsseEnvelope(json);
  } catch (e) {
    throw asVerificationError(e, 'ENVELOPE_MALFORMED', 'DSSE envelope');
  }
}

/**
 * A statement as trust reads it. `predicateError` says why a SLSA predicate could not be read (it
 * breaks its SLSA schema): the signature over the statement may still verify, but the provenance
 * gate rejects it with STATEMENT_MALFORMED.
 */
export type StatementReading = NormalizedProvenance & {
  predicateError?: { code: 'STATEMENT_MALFORMED'; message: string; path: string };
};

/**
 * A DSSE payload as an in-toto Statement v0.1/v1. Any predicate type is read (signatures cover SBOM
 * and vulnerability attestations too); a SLSA predicate is normalized as `mc ingest --provenance`
 * does, and one that breaks its schema is kept as `predicateError` rather than refused here.
 */
export function parseStatement(payloadType: string, payload: Uint8Array): StatementReading {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationError(
      'PAYLOAD_TYPE_UNEXPECTED',
      `payload type ${JSON.stringify(payloadType.slice(0, 100))} is not ${IN_TOTO_PAYLOAD_TYPE}`,
      { path: '/payloadType' },
    );
  }
  let statement: InTotoStatement;
  try {
    statement = statementFromPayload(payload);
  } catch (e) {
    throw asVerificationError(e, 'STATEMENT_MALFORMED', 'in-toto statement');
  }
  const { predicate: _predicate, ...head } = statement;
  const reading: StatementReading = { ...head, materials: [] };
  try {
    return { ...reading, ...slsaPredicateFields(statement, '/payload') };
  } catch (e) {
    const error = asVerificationError(e, 'STATEMENT_MALFORMED', 'in-toto statement');
    if (!(error instanceof VerificationError)) throw error;
    return {
      ...reading,
      predicateError: { code: 'STATEMENT_MALFORMED', message: error.message, path: error.path ?? '' },
    };
  }
}

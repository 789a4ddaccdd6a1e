import { BASE64_ANY_ALPHABET, decodeBase64Strict } from '../../formats/base64.js';
import { EvidenceError, withPathPrefix } from '../evidence-error.js';
import { schemaValidator } from '../../formats/json-schema.js';
import { checkSchema } from '../schema-check.js';

/**
 * A DSSE envelope (DSSE v1.0 envelope.md) with its byte fields decoded. The one reading of the
 * format: `mc ingest --provenance` and the trust verifier both take envelopes from here.
 */
export interface DsseEnvelope {
  payloadType: string;
  payload: Uint8Array;
  /** `keyid` is absent when unset or empty (envelope.md: "An unset field MUST be treated the same as set-but-empty"). */
  signatures: Array<{ keyid?: string; sig: Uint8Array }>;
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** More signatures than any threshold we could be asked for: a bound on the work one envelope costs. */
export const MAX_DSSE_SIGNATURES = 32;

const validator = schemaValidator({
  type: 'object',
  required: ['payloadType', 'payload', 'signatures'],
  properties: {
    payloadType: { type: 'string' },
    payload: { type: 'string' },
    // Evidence is signed: an envelope nobody signed is refused, whoever reads it.
    signatures: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_DSSE_SIGNATURES,
      items: { type: 'object', required: ['sig'], properties: { keyid: { type: 'string' }, sig: { type: 'string' } } },
    },
  },
});

/** DSSE allows standard or URL-safe base64, padded or not (envelope.md "Base64()"), in its canonical spelling only. */
function decode(value: string, path: string): Uint8Array {
  const bytes = decodeBase64Strict(value, BASE64_ANY_ALPHABET);
  if (bytes === undefined) throw new EvidenceError('MALFORMED_ENCODING', 'not base64', { path });
  return bytes;
}

/**
 * An envelope already parsed from JSON (attacker-controlled) → its decoded fields, or an
 * EvidenceError with the offending field's path. Unknown fields are ignored, as envelope.md says.
 * The payload type is not judged here: each reader accepts its own.
 */
export function readDsseEnvelope(value: unknown, path = ''): DsseEnvelope {
  try {
    checkSchema(validator, value, 'DSSE envelope');
  } catch (e) {
    throw withPathPrefix(e, path);
  }
  const envelope = value as {
    payloadType: string;
    payload: string;
    signatures: Array<{ keyid?: string; sig: string }>;
  };
  const payload = decode(envelope.payload, `${path}/payload`);
  const signatures = envelope.signatures.map(({ keyid, sig }, i) => {
    const out: { keyid?: string; sig: Uint8Array } = { sig: decode(sig, `${path}/signatures/${i}/sig`) };
    if (keyid !== undefined && keyid !== '') out.keyid = keyid;
    return out;
  });
  return { payloadType: envelope.payloadType, payload, signatures };
}

/** The payload of an envelope that must carry an in-toto statement (provenance). */
export function dssePayload(value: unknown, path = ''): Uint8Array {
  const envelope = readDsseEnvelope(value, path);
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new EvidenceError(
      'WRONG_FORMAT',
      `payloadType must be ${IN_TOTO_PAYLOAD_TYPE}, got ${JSON.stringify(envelope.payloadType.slice(0, 80))}`,
      {
        path: `${path}/payloadType`,
      },
    );
  }
  return envelope.payload;
}

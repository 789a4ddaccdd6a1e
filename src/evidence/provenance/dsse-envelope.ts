import { EvidenceError, withPathPrefix } from '../evidence-error.js';
import { checkSchema, compileSchema } from '../schema-check.js';

/** A DSSE envelope exactly as given (DSSE v1.0 envelope.md); the trust verifier checks its signatures. */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: Array<{ keyid?: string; sig: string }>;
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const validate = compileSchema({
  type: 'object',
  required: ['payloadType', 'payload', 'signatures'],
  properties: {
    payloadType: { type: 'string' },
    payload: { type: 'string' },
    signatures: {
      type: 'array',
      items: { type: 'object', required: ['sig'], properties: { keyid: { type: 'string' }, sig: { type: 'string' } } },
    },
  },
});

/**
 * DSSE allows standard or URL-safe base64, padded or not (envelope.md "Base64()"); anything else is
 * refused rather than letting Buffer.from silently skip the characters it does not know.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]*={0,2}|[A-Za-z0-9_-]*={0,2})$/;

export function decodeBase64(value: string, path: string): Uint8Array {
  if (!BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw new EvidenceError('MALFORMED_ENCODING', 'not base64', { path });
  }
  return Buffer.from(value, 'base64');
}

/** Checks an envelope's shape and decodes its payload; the envelope object itself is returned untouched. */
export function readDsseEnvelope(value: unknown, path = ''): { envelope: DsseEnvelope; payload: Uint8Array } {
  try {
    checkSchema<DsseEnvelope>(validate, value, 'DSSE envelope');
  } catch (e) {
    throw withPathPrefix(e, path);
  }
  const envelope = value as DsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new EvidenceError('WRONG_FORMAT', `payloadType must be ${IN_TOTO_PAYLOAD_TYPE}, got ${JSON.stringify(envelope.payloadType.slice(0, 80))}`, {
      path: `${path}/payloadType`,
    });
  }
  const payload = decodeBase64(envelope.payload, `${path}/payload`);
  envelope.signatures.forEach((s, i) => decodeBase64(s.sig, `${path}/signatures/${i}/sig`));
  return { envelope, payload };
}

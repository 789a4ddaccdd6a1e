import { EvidenceError, withPathPrefix } from '../evidence-error.js';
import { checkSchema, lazyValidator } from '../schema-check.js';

/** A DSSE envelope (DSSE v1.0 envelope.md); the trust verifier checks its signatures. */
interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: Array<{ keyid?: string; sig: string }>;
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const validator = lazyValidator({
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

function checkBase64(value: string, path: string): void {
  if (!BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw new EvidenceError('MALFORMED_ENCODING', 'not base64', { path });
  }
}

/**
 * Checks an envelope's shape and the encoding of its signatures, and returns its decoded payload.
 * Signatures are only checked to be base64 here, not decoded: the trust verifier decodes and verifies them.
 */
export function dssePayload(value: unknown, path = ''): Uint8Array {
  try {
    checkSchema<DsseEnvelope>(validator(), value, 'DSSE envelope');
  } catch (e) {
    throw withPathPrefix(e, path);
  }
  const envelope = value as DsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new EvidenceError('WRONG_FORMAT', `payloadType must be ${IN_TOTO_PAYLOAD_TYPE}, got ${JSON.stringify(envelope.payloadType.slice(0, 80))}`, {
      path: `${path}/payloadType`,
    });
  }
  checkBase64(envelope.payload, `${path}/payload`);
  envelope.signatures.forEach((s, i) => checkBase64(s.sig, `${path}/signatures/${i}/sig`));
  return Buffer.from(envelope.payload, 'base64');
}

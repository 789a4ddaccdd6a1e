import { isBase64 } from './base64.js';
import { VerificationError } from './verification-error.js';

/** A DSSE envelope (DSSE protocol v1.0.0, envelope.md) with its byte fields decoded. */
export interface DsseEnvelope {
  payloadType: string;
  payload: Buffer;
  signatures: Array<{ keyid?: string; sig: Buffer }>;
}

export const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;
const MAX_SIGNATURES = 32;

function malformed(message: string, path: string): never {
  throw new VerificationError('ENVELOPE_MALFORMED', `DSSE envelope: ${message}`, { path });
}

function decodeBase64(value: unknown, path: string): Buffer {
  if (typeof value !== 'string') malformed('must be a base64 string', path);
  if (!isBase64(value)) malformed('is not valid base64', path);
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Decodes a JSON DSSE envelope (attacker-controlled), failing closed with the offending field's path. */
export function readEnvelope(input: Uint8Array | unknown): DsseEnvelope {
  let json: unknown = input;
  if (input instanceof Uint8Array) {
    if (input.byteLength > MAX_ENVELOPE_BYTES) throw new VerificationError('BUNDLE_TOO_LARGE', `DSSE envelope is larger than ${MAX_ENVELOPE_BYTES} bytes`);
    try {
      json = JSON.parse(Buffer.from(input).toString('utf8'));
    } catch (e) {
      throw new VerificationError('ENVELOPE_MALFORMED', 'DSSE envelope is not valid JSON', { cause: e, path: '' });
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) malformed('must be a JSON object', '');
  const env = json as Record<string, unknown>;
  if (typeof env.payloadType !== 'string') malformed('payloadType must be a string', '/payloadType');
  const payload = decodeBase64(env.payload, '/payload');
  if (!Array.isArray(env.signatures) || env.signatures.length === 0) malformed('signatures must be a non-empty array', '/signatures');
  if (env.signatures.length > MAX_SIGNATURES) malformed(`more than ${MAX_SIGNATURES} signatures`, '/signatures');
  const signatures = env.signatures.map((s: unknown, i: number) => {
    if (typeof s !== 'object' || s === null) malformed('signature must be an object', `/signatures/${i}`);
    const { keyid, sig } = s as Record<string, unknown>;
    if (keyid !== undefined && typeof keyid !== 'string') malformed('keyid must be a string', `/signatures/${i}/keyid`);
    const out: { keyid?: string; sig: Buffer } = { sig: decodeBase64(sig, `/signatures/${i}/sig`) };
    if (typeof keyid === 'string' && keyid !== '') out.keyid = keyid;
    return out;
  });
  return { payloadType: env.payloadType, payload, signatures };
}

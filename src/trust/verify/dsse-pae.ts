/**
 * DSSE pre-authentication encoding (DSSE protocol v1.0.0, "Signature definition"):
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as ASCII decimal byte counts
 * (bytes, not characters: the non-ASCII payloadType test vector checks this).
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  const prefix = Buffer.from(`DSSEv1 ${type.byteLength} `, 'utf8');
  return Buffer.concat([prefix, type, Buffer.from(` ${payload.byteLength} `, 'utf8'), payload]);
}

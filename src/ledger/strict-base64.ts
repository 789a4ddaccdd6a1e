/**
 * RFC 4648 §4 standard base64 with padding, canonical only: the re-encoding must give back the
 * same text (rejects missing padding, whitespace, URL alphabet and non-zero trailing bits).
 * Node's Buffer decoder is lenient by design, so the strictness is checked here.
 */
const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (typeof text !== 'string' || !B64_RE.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

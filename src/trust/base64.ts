/**
 * Strict base64 for attacker-controlled fields. Node's decoder silently skips characters it does not
 * know, so the text is checked first. Both the standard and the URL-safe alphabet are accepted, padded
 * or not: DSSE envelope.md ("verifiers MUST accept either") and the protobuf JSON mapping for bytes.
 */
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function isBase64(text: string): boolean {
  // One character left over after groups of four encodes no whole byte.
  return BASE64_RE.test(text) && text.replace(/=+$/, '').length % 4 !== 1;
}

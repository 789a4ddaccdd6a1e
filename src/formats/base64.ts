/**
 * The one base64 decoder for attacker-controlled text (RFC 4648). Node's Buffer decoder skips
 * characters it does not know, ignores the unused trailing bits and takes any padding, so one value
 * would have many spellings and two readers of the same bytes could disagree. This one accepts only
 * the canonical spelling of some bytes: one alphabet per text, no whitespace (line breaks only where
 * the format allows them), padding complete when present, unused trailing bits zero (RFC 4648 §3.5
 * "canonical encoding").
 *
 * A format says which spellings it allows, and nothing else varies:
 */
export interface Base64Form {
  /** The URL-safe alphabet (RFC 4648 §5) is allowed besides the standard one (§4), never mixed. */
  urlSafe: boolean;
  /** The padding may be left off (RFC 4648 §3.2); when present it must still be complete. */
  unpadded: boolean;
  /** CR and LF anywhere are skipped (RFC 4648 §3.3 lets a format say so), as MIME-wrapped text has them. */
  lineBreaks: boolean;
}

/** Standard alphabet, padded: C2SP signed notes and tlog-checkpoint, our proofs. */
export const BASE64_PADDED: Base64Form = { urlSafe: false, unpadded: false, lineBreaks: false };

/**
 * Either alphabet, padded or not, line breaks skipped: DSSE envelope.md ("Either standard or URL-safe
 * encoding is allowed") and the protobuf JSON mapping of `bytes` (Sigstore bundles: "Either standard
 * or URL-safe base64 encoding with/without paddings are accepted"). Their reference verifiers decode
 * with Go's encoding/base64, which skips CR and LF; sigstore-conformance has a bundle whose RFC 3161
 * timestamp is wrapped at 76 columns (`base64` output) and must verify.
 */
export const BASE64_ANY_ALPHABET: Base64Form = { urlSafe: true, unpadded: true, lineBreaks: true };

const STANDARD = /^[A-Za-z0-9+/]*$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;
const SEXTETS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The 6-bit value of a base64 character of either alphabet (the text was checked before). */
function sextet(c: string): number {
  if (c === '+' || c === '-') return 62;
  if (c === '/' || c === '_') return 63;
  return SEXTETS.indexOf(c);
}

/** Whether `text` is the canonical spelling of some bytes in `form`. */
export function isBase64Strict(text: unknown, form: Base64Form = BASE64_PADDED): text is string {
  return typeof text === 'string' && isCanonical(form.lineBreaks ? withoutLineBreaks(text) : text, form);
}

function withoutLineBreaks(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, '') : text;
}

function isCanonical(text: string, form: Base64Form): boolean {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = padding === 0 ? text : text.slice(0, -padding);
  const rest = body.length % 4;
  // One character left over encodes no whole byte; padding fills the last group exactly or is absent.
  if (rest === 1) return false;
  if (padding > 0 ? rest + padding !== 4 : rest !== 0 && !form.unpadded) return false;
  if (!STANDARD.test(body) && !(form.urlSafe && URL_SAFE.test(body))) return false;
  // The bits after the last whole byte must be zero, or another text would decode to the same bytes.
  return rest === 0 || (sextet(body[body.length - 1]!) & (rest === 2 ? 0b1111 : 0b11)) === 0;
}

/** The bytes `text` canonically encodes in `form`, or undefined when it is not such a spelling. */
export function decodeBase64Strict(text: unknown, form: Base64Form = BASE64_PADDED): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const body = form.lineBreaks ? withoutLineBreaks(text) : text;
  if (!isCanonical(body, form)) return undefined;
  // Node's decoder takes both alphabets and optional padding; the text is known canonical here.
  const bytes = Buffer.from(body, 'base64');
  // A small Buffer is a slice of Node's shared pool: copy it, so `.buffer` holds these bytes only.
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

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

/**
 * The bytes `text` spells when that is their canonical spelling, else undefined. Node's decoder is
 * lenient, so the bytes are encoded again and must give back the text: that refuses unknown
 * characters, misplaced or incomplete padding, non-zero unused bits and mixed alphabets, at the
 * cost of one encode (a character-class regex over the text costs twice as much).
 */
function decodeCanonical(text: string, form: Base64Form): Uint8Array | undefined {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const rest = (text.length - padding) % 4;
  // One character left over encodes no whole byte; padding fills the last group exactly or is absent.
  if (rest === 1) return undefined;
  if (padding > 0 ? rest + padding !== 4 : rest !== 0 && !form.unpadded) return undefined;
  const urlSafe = form.urlSafe && (text.includes('-') || text.includes('_'));
  const bytes = Buffer.from(text, urlSafe ? 'base64url' : 'base64');
  // `base64` writes the padding, `base64url` none: compare with the text spelt that way.
  const spelt = urlSafe
    ? padding > 0
      ? text.slice(0, -padding)
      : text
    : padding > 0 || rest === 0
      ? text
      : `${text}${rest === 2 ? '==' : '='}`;
  if (bytes.toString(urlSafe ? 'base64url' : 'base64') !== spelt) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether `text` is the canonical spelling of some bytes in `form`. */
export function isBase64Strict(text: unknown, form: Base64Form = BASE64_PADDED): text is string {
  return decodeBase64Strict(text, form) !== undefined;
}

/**
 * The bytes `text` canonically encodes in `form`, or undefined when it is not such a spelling.
 * A view (small values share Node's buffer pool): read it through byteOffset and byteLength.
 */
export function decodeBase64Strict(text: unknown, form: Base64Form = BASE64_PADDED): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const t = form.lineBreaks && (text.includes('\n') || text.includes('\r')) ? text.replace(/[\r\n]/g, '') : text;
  return decodeCanonical(t, form);
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

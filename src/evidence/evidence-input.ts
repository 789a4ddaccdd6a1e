import { isUtf8 } from 'node:buffer';
import { EvidenceError } from './evidence-error.js';

/** Raw evidence as it arrives: bytes from a file or request body, or an already-decoded string. */
export type EvidenceBytes = Uint8Array | string;

export interface InputLimits {
  /** Refuse input longer than this many bytes (UTF-16 code units for strings) before parsing. */
  maxBytes: number;
  /** JSON Lines: refuse more statements than this. */
  maxLines: number;
}

/** Generous enough for the largest real SBOMs we know (syft on large images: tens of MB). */
export const DEFAULT_LIMITS: InputLimits = { maxBytes: 128 * 1024 * 1024, maxLines: 10_000 };

/** Bytes → text. Attacker-controlled: refuses oversized input before decoding, and invalid UTF-8. */
export function decodeText(input: EvidenceBytes, limits: InputLimits = DEFAULT_LIMITS): string {
  if (input.length > limits.maxBytes) {
    throw new EvidenceError('TOO_LARGE', `evidence is ${input.length} bytes, over the limit of ${limits.maxBytes}`);
  }
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // isUtf8 validates with SIMD and toString decodes without re-checking: ~2.5x TextDecoder({fatal}).
  if (!isUtf8(input)) throw new EvidenceError('MALFORMED_ENCODING', 'evidence is not valid UTF-8');
  const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // RFC 8259 §8.1 lets parsers ignore a BOM
}

/**
 * JSON.parse with our error: truncated or broken JSON is `malformed`, with `line:column` as its path
 * when V8 says where. `firstLine` is the line number of the text's first line in its file (JSON Lines).
 */
export function parseJsonText(text: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (cause instanceof RangeError) throw tooDeep(cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /position (\d+)/.exec(message)?.[1];
    const path =
      position === undefined
        ? firstLine === 1
          ? undefined
          : `${firstLine}:1`
        : lineColumn(text, Number(position), firstLine);
    throw new EvidenceError(
      'MALFORMED_JSON',
      `not valid JSON${firstLine === 1 ? '' : ` (line ${firstLine})`}: ${message.slice(0, 200)}`,
      {
        cause,
        ...(path === undefined ? {} : { path }),
      },
    );
  }
}

export function parseJson(input: EvidenceBytes, limits: InputLimits = DEFAULT_LIMITS): unknown {
  return parseJsonText(decodeText(input, limits));
}

/**
 * JSON Lines (one JSON value per line, blank lines skipped), as in-toto `.intoto.jsonl` files. Each
 * value comes with its line number in the file (1-based, blank lines counted) for error paths.
 */
export function parseJsonLines(
  input: EvidenceBytes,
  limits: InputLimits = DEFAULT_LIMITS,
): Array<{ value: unknown; line: number }> {
  const lines = decodeText(input, limits).split('\n');
  const values: Array<{ value: unknown; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (values.length >= limits.maxLines) {
      throw new EvidenceError('TOO_LARGE', `more than ${limits.maxLines} JSON lines`, { path: `line ${i + 1}` });
    }
    values.push({ value: parseJsonText(line, i + 1), line: i + 1 });
  }
  if (values.length === 0) throw new EvidenceError('MALFORMED_JSON', 'no JSON value in input');
  return values;
}

/** A stack overflow while walking attacker-nested input becomes our typed error, never a crash. */
export function tooDeep(cause: unknown, where = ''): EvidenceError {
  return new EvidenceError('TOO_DEEP', 'evidence is nested too deeply to process', {
    cause,
    ...(where ? { path: where } : {}),
  });
}

function lineColumn(text: string, offset: number, firstLine: number): string {
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}

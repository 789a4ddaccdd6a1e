import { isUtf8 } from 'node:buffer';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import { YamlSourceError, type YamlIssue } from './yaml-source-error.js';

/** Alias expansions allowed when a document becomes a value (yaml's own default). */
export const MAX_ALIAS_COUNT = 100;

/**
 * A YAML policy file parsed with positions kept, so that every schema problem can be reported
 * as file:line:column. The one reader of gates.yaml, waivers.yaml and trust-policy.yaml; pure
 * (it is given the bytes), so policy/ and trust/ share it without depending on each other.
 * Attacker-controlled only in the sense of "written by a person", but a bad edit must be a
 * typed error naming the file, never a crash: bytes must be UTF-8 (never silently replaced by
 * U+FFFD), and aliases are capped to stop billion-laughs expansion.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly value: unknown,
  ) {}

  /**
   * Throws YamlSourceError: YAML_MALFORMED, YAML_ENCODING_INVALID or YAML_ALIAS_LIMIT. A file that
   * never needs many aliases passes a lower `maxAliasCount` (the trust policy allows 20).
   */
  static parse(input: string | Uint8Array, file: string, maxAliasCount = MAX_ALIAS_COUNT): YamlSource {
    const text = typeof input === 'string' ? input : decodeUtf8(input, file);
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const errors = doc.errors;
    if (errors.length > 0) {
      const issues = errors.map((e): YamlIssue => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.code };
      });
      throw new YamlSourceError(
        'YAML_MALFORMED',
        `${file}: not valid YAML: ${issues[0]!.message} at line ${issues[0]!.line}`,
        {
          kind: 'malformed',
          issues,
          path: `${file}:${issues[0]!.line}:${issues[0]!.column}`,
        },
      );
    }
    return new YamlSource(file, doc, lines, toValue(doc, file, maxAliasCount));
  }

  /** The plain JS value (aliases limited; computed once, at parse). */
  toJS(): unknown {
    return this.value;
  }

  /**
   * Position of the value at a JSON pointer; for a missing value, its nearest existing parent.
   * `atKey` points at the key of the last segment instead (for "unknown key" reports).
   */
  position(pointer: string, atKey = false): { line: number; column: number } {
    const segments = pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.doc.contents;
    let best: Node | undefined = node as Node | undefined;
    for (const [i, seg] of segments.entries()) {
      const last = i === segments.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) break;
        if (last && atKey && isScalar(pair.key)) {
          best = pair.key;
          break;
        }
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(seg)];
      } else break;
      if (node && typeof node === 'object' && 'range' in node) best = node as Node;
      else break;
    }
    const offset = best?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}

function fileIssue(file: string, message: string): YamlIssue {
  return { file, line: 1, column: 1, message };
}

/** Strict UTF-8: a waiver owner or reason silently turned into U+FFFD is not what was written. */
function decodeUtf8(bytes: Uint8Array, file: string): string {
  if (!isUtf8(bytes)) {
    const line = firstBadLine(bytes);
    const message = `not valid UTF-8 (line ${line}); save the file as UTF-8`;
    throw new YamlSourceError('YAML_ENCODING_INVALID', `${file}: ${message}`, {
      path: `${file}:${line}:1`,
      issues: [{ ...fileIssue(file, message), line }],
    });
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The 1-based line holding the first byte sequence that is not UTF-8 (only asked after isUtf8 failed). */
function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (!isUtf8(bytes.subarray(start, i))) return line;
    line++;
    start = i + 1;
  }
  return line;
}

/**
 * yaml counts alias expansions before expanding and throws a plain ReferenceError past
 * maxAliasCount ("Excessive alias count indicates a resource exhaustion attack"): a billion-laughs
 * document becomes a typed error like any other bad edit.
 */
function toValue(doc: Document.Parsed, file: string, maxAliasCount: number): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (cause) {
    if (!(cause instanceof ReferenceError)) throw cause;
    if (!/excessive alias/i.test(cause.message)) {
      throw new YamlSourceError('YAML_MALFORMED', `${file}: not valid YAML: ${cause.message}`, {
        kind: 'malformed',
        path: file,
        cause,
        issues: [fileIssue(file, cause.message)],
      });
    }
    const message = `aliases expand past the limit of ${maxAliasCount} (a "billion laughs" document?); write the values out or use fewer aliases`;
    throw new YamlSourceError('YAML_ALIAS_LIMIT', `${file}: ${message}`, {
      path: file,
      cause,
      issues: [fileIssue(file, message)],
    });
  }
}

import { RequestError } from './request-error.js';

/** Deeper nesting than any request of ours needs; a recursive reader must stop before the stack does. */
const MAX_DEPTH = 64;

/**
 * Reads a JSON request body (attacker-controlled) strictly, RFC 8259:
 * - the bytes must be UTF-8 (§8.1), without a byte order mark;
 * - an object must not name a member twice (§4 leaves duplicates to the implementation;
 *   JSON.parse keeps the last, so a proxy or signer that keeps the first sees another request);
 * - no control character U+0000–U+001F or U+007F in any string or key, escaped or not, except
 *   tab and line feed: PostgreSQL cannot store U+0000 in text, and the rest have no place in
 *   our fields (per-field schemas narrow further, e.g. single-line names);
 * - no lone surrogate from a \u escape (§8.2: its meaning is unpredictable).
 * JSON.parse has no hook for any of these (a reviver sees keys after duplicates were merged),
 * hence this small recursive-descent reader. Objects get own data properties, as with
 * JSON.parse (`__proto__` included), so nothing reaches a prototype.
 */
export function parseStrictJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new RequestError('JSON_INVALID_UTF8', 'the body is not valid UTF-8', { path: '/', cause });
  }
  const reader = new Reader(text);
  reader.ws();
  const value = reader.value('', 0);
  reader.ws();
  if (reader.pos !== text.length) reader.fail('unexpected data after the JSON value');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new RequestError('MALFORMED_JSON', `the body is not JSON: ${what} at offset ${this.pos}`, { path: '/' });
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  value(path: string, depth: number): unknown {
    const c = this.text[this.pos];
    if (c === '{') return this.object(path, depth + 1);
    if (c === '[') return this.array(path, depth + 1);
    if (c === '"') return this.string(path);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(c)}`);
  }

  private object(path: string, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH)
      throw new RequestError('JSON_TOO_DEEP', `the body nests deeper than ${MAX_DEPTH} levels`, { path: path || '/' });
    this.pos++; // {
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a member name');
      const key = this.string(path);
      const memberPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (Object.hasOwn(out, key)) {
        throw new RequestError(
          'JSON_DUPLICATE_KEY',
          `duplicate member ${JSON.stringify(key).slice(0, 80)} in the JSON body`,
          { path: memberPath },
        );
      }
      this.ws();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      this.ws();
      Object.defineProperty(out, key, {
        value: this.value(memberPath, depth),
        writable: true,
        enumerable: true,
        configurable: true,
      });
      this.ws();
      const next = this.text[this.pos++];
      if (next === '}') return out;
      if (next !== ',') {
        this.pos--;
        this.fail('expected "," or "}"');
      }
      this.ws();
    }
  }

  private array(path: string, depth: number): unknown[] {
    if (depth > MAX_DEPTH)
      throw new RequestError('JSON_TOO_DEEP', `the body nests deeper than ${MAX_DEPTH} levels`, { path: path || '/' });
    this.pos++; // [
    const out: unknown[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(`${path}/${out.length}`, depth));
      this.ws();
      const next = this.text[this.pos++];
      if (next === ']') return out;
      if (next !== ',') {
        this.pos--;
        this.fail('expected "," or "]"');
      }
      this.ws();
    }
  }

  /** A string token; `path` names the member it is (or whose name it is) for control-character errors. */
  private string(path: string): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('unescaped control character in a string');
      if (c === 0x7f) controlCharacter(path);
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(start, this.pos);
      const e = t[this.pos + 1];
      if (e === 'u') {
        const unit = this.hex4(this.pos + 2);
        this.pos += 6;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = t.startsWith('\\u', this.pos) ? this.hex4(this.pos + 2) : -1;
          if (low < 0xdc00 || low > 0xdfff)
            throw new RequestError('JSON_INVALID_UNICODE', 'a \\u escape leaves a lone surrogate', {
              path: path || '/',
            });
          this.pos += 6;
          out += String.fromCharCode(unit, low);
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          throw new RequestError('JSON_INVALID_UNICODE', 'a \\u escape leaves a lone surrogate', { path: path || '/' });
        } else {
          if ((unit < 0x20 && unit !== 0x09 && unit !== 0x0a) || unit === 0x7f) controlCharacter(path);
          out += String.fromCharCode(unit);
        }
      } else {
        const ch = e === undefined ? undefined : ESCAPES[e];
        if (ch === undefined) this.fail('bad escape in a string');
        if (ch === '\b' || ch === '\f' || ch === '\r') controlCharacter(path);
        out += ch;
        this.pos += 2;
      }
      start = this.pos;
    }
  }

  private hex4(at: number): number {
    const h = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('bad \\u escape');
    return parseInt(h, 16);
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('bad number');
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

function controlCharacter(path: string): never {
  throw new RequestError(
    'CONTROL_CHARACTER',
    'a JSON string holds a control character (only tab and line feed are allowed)',
    { path: path || '/' },
  );
}

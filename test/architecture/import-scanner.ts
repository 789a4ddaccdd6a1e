/**
 * Finds the module specifiers a TypeScript file imports, without TypeScript's compiler API
 * (TypeScript 7's native compiler has none). A small lexer skips comments, strings, template
 * literals and regular expressions, so text that only looks like an import (in a comment, an
 * error message or a test fixture string) is never taken for one; a token scan then reads
 * `import … from '…'`, `import '…'`, `export … from '…'` and `import('…')`.
 */
export interface ImportRef {
  /** The specifier as written; undefined for an `import(…)` whose argument is not a string literal. */
  specifier: string | undefined;
  /** `import type …` / `export type … from`: erased by the compiler, no module is loaded at run time. */
  typeOnly: boolean;
  kind: 'static' | 're-export' | 'side-effect' | 'dynamic';
  /** 1-based line of the `import` / `export` keyword. */
  line: number;
}

interface Token {
  kind: 'id' | 'str' | 'punct' | 'other';
  value: string;
  line: number;
}

/** After these keywords a `/` starts a regular expression, not a division. */
const REGEX_AFTER_KEYWORD = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

export function scanImports(source: string): ImportRef[] {
  const tokens = tokenize(source);
  const refs: ImportRef[] = [];
  const at = (i: number): Token | undefined => tokens[i];
  const is = (t: Token | undefined, kind: Token['kind'], value?: string): boolean =>
    t !== undefined && t.kind === kind && (value === undefined || t.value === value);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'id' || (t.value !== 'import' && t.value !== 'export')) continue;
    if (is(at(i - 1), 'punct', '.')) continue; // obj.import(…), obj.export
    const next = at(i + 1);
    if (next === undefined || is(next, 'punct', ':')) continue; // { import: … }
    if (t.value === 'import') {
      if (is(next, 'punct', '.')) continue; // import.meta
      if (is(next, 'punct', '(')) {
        const arg = at(i + 2);
        const literal = is(arg, 'str') && (is(at(i + 3), 'punct', ')') || is(at(i + 3), 'punct', ','));
        refs.push({ specifier: literal ? arg!.value : undefined, typeOnly: false, kind: 'dynamic', line: t.line });
        continue;
      }
      if (is(next, 'str')) {
        refs.push({ specifier: next.value, typeOnly: false, kind: 'side-effect', line: t.line });
        continue;
      }
      // `import type from 'x'` and `import type, { a } from 'x'` import a default export named "type".
      const typeOnly =
        is(next, 'id', 'type') &&
        !(is(at(i + 2), 'id', 'from') && is(at(i + 3), 'str')) &&
        !is(at(i + 2), 'punct', ',');
      const from = findFrom(tokens, i + 1);
      if (from !== undefined) refs.push({ specifier: tokens[from + 1]!.value, typeOnly, kind: 'static', line: t.line });
      continue;
    }
    // export: only `export * [as x] from`, `export { … } from` and their `export type` forms load a module.
    let j = i + 1;
    const typeOnly = is(at(j), 'id', 'type') && (is(at(j + 1), 'punct', '{') || is(at(j + 1), 'punct', '*'));
    if (typeOnly) j++;
    if (is(at(j), 'punct', '*')) {
      j++;
      if (is(at(j), 'id', 'as')) j += 2;
    } else if (is(at(j), 'punct', '{')) {
      while (j < tokens.length && !is(at(j), 'punct', '}')) j++;
      j++;
    } else continue;
    if (is(at(j), 'id', 'from') && is(at(j + 1), 'str'))
      refs.push({ specifier: at(j + 1)!.value, typeOnly, kind: 're-export', line: t.line });
  }
  return refs;
}

/** Index of the `from` keyword that ends an import clause starting at `start`, or undefined. */
function findFrom(tokens: Token[], start: number): number | undefined {
  for (let j = start; j < tokens.length - 1; j++) {
    const t = tokens[j]!;
    if (t.kind === 'punct' && (t.value === ';' || t.value === '=')) return undefined; // not a from-import
    if (t.kind === 'id' && t.value === 'from' && tokens[j + 1]!.kind === 'str') return j;
  }
  return undefined;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  /** What each open `{` belongs to: a block/object, or a `${` inside a template literal. */
  const braces: Array<'brace' | 'template'> = [];
  let line = 1;
  let i = 0;
  const push = (kind: Token['kind'], value: string, at = line): void => {
    tokens.push({ kind, value, line: at });
  };
  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (prev === undefined) return true;
    if (prev.kind === 'punct') return !')]}'.includes(prev.value);
    if (prev.kind === 'id') return REGEX_AFTER_KEYWORD.has(prev.value);
    return false;
  };
  /** Scans template text from `i` (just after a backtick or a closing `}`) to its end or the next `${`. */
  const templateText = (): void => {
    const startLine = line;
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        if (src[i + 1] === '\n') line++;
        i += 2;
      } else if (c === '`') {
        i++;
        push('other', '`', startLine);
        return;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        braces.push('template');
        push('punct', '${', startLine);
        return;
      } else {
        if (c === '\n') line++;
        i++;
      }
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '/' && d === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
      i = stop;
    } else if (c === '"' || c === "'") {
      const startLine = line;
      let value = '';
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          value += src[i + 1] ?? '';
          if (src[i + 1] === '\n') line++;
          i += 2;
        } else value += src[i++];
      }
      i++;
      push('str', value, startLine);
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '/' && regexAllowed()) {
      const startLine = line;
      let k = i + 1;
      let inClass = false;
      while (k < src.length && src[k] !== '\n') {
        if (src[k] === '\\') k += 2;
        else if (src[k] === '[') {
          inClass = true;
          k++;
        } else if (src[k] === ']') {
          inClass = false;
          k++;
        } else if (src[k] === '/' && !inClass) break;
        else k++;
      }
      if (src[k] !== '/') {
        push('punct', '/'); // not a regular expression after all
        i++;
        continue;
      }
      k++;
      while (k < src.length && /[A-Za-z]/.test(src[k]!)) k++;
      i = k;
      push('other', 'regexp', startLine);
    } else if (/[A-Za-z_$#]/.test(c) || c.charCodeAt(0) > 0x7f) {
      let k = i + 1;
      while (k < src.length && (/[\w$]/.test(src[k]!) || src.charCodeAt(k) > 0x7f)) k++;
      push('id', src.slice(i, k));
      i = k;
    } else if (/[0-9]/.test(c)) {
      let k = i + 1;
      while (k < src.length && /[\w.]/.test(src[k]!)) k++;
      push('other', src.slice(i, k));
      i = k;
    } else if (c === '{') {
      braces.push('brace');
      push('punct', c);
      i++;
    } else if (c === '}') {
      i++;
      if (braces.pop() === 'template') templateText();
      else push('punct', c);
    } else {
      push('punct', c);
      i++;
    }
  }
  return tokens;
}

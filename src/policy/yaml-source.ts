import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import { PolicyError, type LintIssue, type PolicyErrorCode } from './policy-error.js';

/**
 * A YAML policy file parsed with positions kept, so that every schema problem can be reported
 * as file:line:column. Attacker-controlled only in the sense of "written by a person": aliases
 * are capped to stop billion-laughs expansion.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static parse(text: string, file: string, code: PolicyErrorCode = 'POLICY_YAML_MALFORMED'): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const errors = doc.errors;
    if (errors.length > 0) {
      const issues = errors.map((e): LintIssue => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, severity: 'error', path: '', message: e.message.split('\n')[0] ?? e.code };
      });
      throw new PolicyError(code, `${file}: not valid YAML: ${issues[0]!.message} at line ${issues[0]!.line}`, {
        kind: 'malformed',
        issues,
        path: `${file}:${issues[0]!.line}:${issues[0]!.column}`,
      });
    }
    return new YamlSource(file, doc, lines);
  }

  /** The plain JS value (aliases limited). */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /**
   * Position of the value at a JSON pointer; for a missing value, its nearest existing parent.
   * `atKey` points at the key of the last segment instead (for "unknown key" reports).
   */
  position(pointer: string, atKey = false): { line: number; column: number } {
    const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
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

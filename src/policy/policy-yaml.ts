import { YamlSource } from '../formats/yaml-source.js';
import { YamlSourceError, type YamlSourceErrorCode } from '../formats/yaml-source-error.js';
import { PolicyError, type LintIssue, type PolicyErrorCode } from './policy-error.js';

const CODES: Record<Exclude<YamlSourceErrorCode, 'YAML_MALFORMED'>, PolicyErrorCode> = {
  YAML_ALIAS_LIMIT: 'POLICY_YAML_ALIAS_LIMIT',
  YAML_ENCODING_INVALID: 'POLICY_ENCODING_INVALID',
};

/**
 * Reads gates.yaml or waivers.yaml as a YAML document; a file that is not one is a PolicyError
 * whose issues lint prints. `malformed` is the code for a syntax error (each file has its own);
 * encoding and alias errors have theirs.
 */
export function parsePolicyYaml(
  input: string | Uint8Array,
  file: string,
  malformed: PolicyErrorCode = 'POLICY_YAML_MALFORMED',
): YamlSource {
  try {
    return YamlSource.parse(input, file);
  } catch (e) {
    if (!(e instanceof YamlSourceError)) throw e;
    const issues = e.issues.map(
      (i): LintIssue => ({
        file: i.file,
        line: i.line,
        column: i.column,
        severity: 'error',
        path: '',
        message: i.message,
      }),
    );
    const code = e.code === 'YAML_MALFORMED' ? malformed : CODES[e.code];
    throw new PolicyError(code, e.message, { kind: e.kind, path: e.path, cause: e.cause, issues });
  }
}

/**
 * The first step of every linter: the document as a YamlSource, or, when the text is not a YAML
 * document at all, its issues and the error (`unreadable`) that lint reports instead.
 */
export function lintSource(
  text: string | Uint8Array,
  file: string,
): { source: YamlSource } | { issues: LintIssue[]; unreadable: PolicyError } {
  try {
    return { source: parsePolicyYaml(text, file) };
  } catch (e) {
    if (e instanceof PolicyError) return { issues: e.issues, unreadable: e };
    throw e;
  }
}

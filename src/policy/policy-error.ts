import { BaseError, type ErrorOptions } from '../domain/errors.js';

export type PolicyErrorCode =
  | 'POLICY_YAML_MALFORMED'
  | 'POLICY_YAML_ALIAS_LIMIT' // aliases expand past the limit ("billion laughs")
  | 'POLICY_ENCODING_INVALID' // not UTF-8
  | 'POLICY_FILE_UNREADABLE' // a directory, over the size limit, no permission
  | 'POLICY_INVALID'
  | 'POLICY_NOT_FOUND'
  | 'ENVIRONMENT_UNKNOWN'
  | 'WAIVERS_INVALID'
  | 'DURATION_INVALID';

export class PolicyError extends BaseError<PolicyErrorCode> {
  /** Every problem found, each with file:line:column, when the error comes from lint. */
  readonly issues: LintIssue[];

  constructor(code: PolicyErrorCode, message: string, options: ErrorOptions & { issues?: LintIssue[] } = {}) {
    super(code, message, options, 'invalid');
    this.issues = options.issues ?? [];
  }
}

export interface LintIssue {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** JSON pointer of the offending value. */
  path: string;
  message: string;
  hint?: string;
}

export function formatIssue(i: LintIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.severity}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`;
}

import { BaseError, type ErrorOptions } from '../domain/errors.js';

export type YamlSourceErrorCode =
  | 'YAML_MALFORMED' // not YAML at all: a syntax error, a duplicate key
  | 'YAML_ALIAS_LIMIT' // aliases expand past the limit ("billion laughs")
  | 'YAML_ENCODING_INVALID'; // not UTF-8

/** Where a YAML document cannot be read, 1-based. */
export interface YamlIssue {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * A YAML file that cannot be read as a document. Each reader turns it into its own error
 * (gates.yaml and waivers.yaml into PolicyError, trust-policy.yaml into TrustPolicyError), so
 * the code a user sees names the file they edited.
 */
export class YamlSourceError extends BaseError<YamlSourceErrorCode> {
  /** Every problem found, each with file:line:column. */
  readonly issues: YamlIssue[];

  constructor(code: YamlSourceErrorCode, message: string, options: ErrorOptions & { issues?: YamlIssue[] } = {}) {
    super(code, message, options, 'invalid');
    this.issues = options.issues ?? [];
  }
}

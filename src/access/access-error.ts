import { BaseError, type ErrorOptions } from '../domain/errors.js';
import type { LintIssue } from '../policy/policy-error.js';

export type AccessErrorCode =
  | 'ACCESS_POLICY_INVALID' // access.yaml does not pass lint (every issue with file:line:column)
  | 'ACCESS_POLICY_UNREADABLE' // not YAML, not UTF-8, too many aliases, not a readable file
  | 'ACCESS_DENIED' // authenticated, but no rule allows the action on the resource
  | 'ACCESS_SCOPE_REQUIRED' // the principal may act only on named resources (a digest, an environment)
  | 'STEP_UP_REQUIRED' // allowed, but only with a recent WebAuthn assertion
  | 'ACTION_UNKNOWN';

/** access.yaml and the decisions made with it; a denial is `forbidden` (403), never a 401. */
export class AccessError extends BaseError<AccessErrorCode> {
  readonly issues: LintIssue[];

  constructor(code: AccessErrorCode, message: string, options: ErrorOptions & { issues?: LintIssue[] } = {}) {
    super(
      code,
      message,
      options,
      code === 'ACCESS_POLICY_INVALID' || code === 'ACTION_UNKNOWN' ? 'invalid' : 'forbidden',
    );
    this.issues = options.issues ?? [];
  }
}

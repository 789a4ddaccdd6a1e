import { ConfigError, type ErrorOptions } from '../../domain/errors.js';

export type TrustPolicyErrorCode =
  | 'POLICY_YAML_INVALID'
  | 'POLICY_SCHEMA_INVALID'
  | 'POLICY_REFERENCE_UNKNOWN'
  | 'POLICY_DUPLICATE_NAME'
  | 'REGEXP_INVALID'
  | 'ENVIRONMENT_UNKNOWN'
  | 'POLICY_FILE_UNREADABLE'
  | 'ROOT_DIGEST_MISMATCH';

/** A trust policy that cannot be used. `path` is `file:line:column` when the YAML position is known. */
export class TrustPolicyError extends ConfigError<TrustPolicyErrorCode> {
  constructor(code: TrustPolicyErrorCode, message: string, options: ErrorOptions = {}) {
    // A pinned root whose bytes changed is a verification failure, not a typo.
    super(code, message, code === 'ROOT_DIGEST_MISMATCH' ? { kind: 'verification', ...options } : options);
  }
}

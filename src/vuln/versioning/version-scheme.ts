import { BaseError, type ErrorOptions } from '../../domain/errors.js';

export type VersionErrorCode = 'VERSION_UNPARSABLE';

export class VersionError extends BaseError<VersionErrorCode> {
  constructor(code: VersionErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, options, 'invalid');
  }
}

/**
 * One ecosystem's version ordering (Renovate's `versioning/` is the model).
 * Implementations are pure and synchronous; `compare` throws VersionError for a version
 * that does not parse in the ecosystem (it never falls back to string comparison).
 */
export interface VersionScheme {
  /** OSV ecosystem name(s) this scheme orders, e.g. `PyPI`, `npm`, `Debian`. */
  readonly ecosystems: readonly string[];
  isValid(version: string): boolean;
  /** Negative if a < b, 0 if equal in the ecosystem's ordering, positive if a > b. */
  compare(a: string, b: string): number;
}

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
  /** The same ordering over parsed versions, when the scheme offers it (see VersionOrder). */
  readonly order?: VersionOrder;
}

/**
 * A scheme's ordering over parsed versions, for a version compared many times (a component
 * against every advisory of its package, an advisory's bounds against every component): `key`
 * parses once, `compare` then orders without parsing again. `key(v)` is undefined exactly when
 * `isValid(v)` is false, and sign(compare(key(a), key(b))) is compare(a, b) of the scheme.
 */
export interface VersionOrder<K = unknown> {
  key(version: string): K | undefined;
  compare(a: K, b: K): number;
}

/**
 * One error base for the whole project. Each domain subclasses it with its own code union
 * (`EvidenceError`, `VerificationError`, `PolicyError`, `StoreError`, `ConfigError`, …).
 * The `kind` says what sort of failure it is; the server maps kinds to HTTP statuses and the
 * CLI maps them to exit codes, each in exactly one place. No HTTP status lives in the domain.
 */
export type ErrorKind =
  | 'malformed' // not parseable at all (truncated JSON, bad base64, bad digest syntax) → 400 / exit 2
  | 'invalid' // well-formed but violates the schema or a rule → 422 / exit 2
  | 'unsupported' // well-formed, but a version or format we do not take → 422 / exit 2
  | 'not-found' // → 404 / exit 2
  | 'unauthenticated' // → 401
  | 'forbidden' // → 403
  | 'conflict' // → 409
  | 'too-large' // → 413 / exit 2
  | 'verification' // a signature, proof or digest does not verify → 422 over HTTP / exit 1
  | 'unavailable' // a dependency (store, Prometheus) is down → 503 / exit 1
  | 'internal'; // a bug → 500, masked

export interface ErrorOptions {
  kind?: ErrorKind;
  cause?: unknown;
  /** JSON pointer or file:line:column of the offending field, when known. */
  path?: string;
}

export class BaseError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly kind: ErrorKind;
  readonly path: string | undefined;

  constructor(code: Code, message: string, options: ErrorOptions = {}, defaultKind: ErrorKind = 'invalid') {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? defaultKind;
    this.path = options.path;
  }

  toJSON(): { code: Code; message: string; path?: string } {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

export function isBaseError(e: unknown): e is BaseError {
  return e instanceof BaseError;
}

/** Input the user gave us that we cannot take: a file, a flag, a digest. */
export class InputError<Code extends string = string> extends BaseError<Code> {
  constructor(code: Code, message: string, options: ErrorOptions = {}) {
    super(code, message, options, 'malformed');
  }
}

/** Configuration files (gates.yaml, waivers.yaml, trust-policy.yaml) and MC_* settings. */
export class ConfigError<Code extends string = string> extends BaseError<Code> {
  constructor(code: Code, message: string, options: ErrorOptions = {}) {
    super(code, message, options, 'invalid');
  }
}

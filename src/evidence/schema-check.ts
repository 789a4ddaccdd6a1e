import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { EvidenceError } from './evidence-error.js';
import { tooDeep } from './evidence-input.js';

/**
 * Runs a compiled validator and fails closed with the JSON pointer of the first offending field.
 * Validators are compiled without `allErrors` so that a hostile document cannot make us collect
 * millions of errors; the first one is enough to refuse it.
 */
export function checkSchema<T>(validate: ValidateFunction, value: unknown, what: string): asserts value is T {
  let ok: boolean;
  try {
    ok = validate(value) as boolean;
  } catch (cause) {
    if (cause instanceof RangeError) throw tooDeep(cause);
    throw cause;
  }
  if (ok) return;
  const first = validate.errors?.[0];
  throw new EvidenceError('SCHEMA_VIOLATION', `${what}: ${describe(first)}`, { path: first?.instancePath || '/' });
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return 'does not match its schema';
  const at = error.instancePath || '/';
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  const detail = allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ').slice(0, 200)})` : extra ? ` (${JSON.stringify(extra)})` : '';
  return `${at} ${error.message ?? 'is invalid'}${detail}`;
}

let handWritten: Ajv | undefined;

/**
 * One of our own (hand-written, draft-07) schemas for formats that publish no official JSON schema
 * (in-toto, DSSE, scanner reports) → a getter that compiles it on first use and returns the same
 * validator after. Every `mc` command imports the parsers; only one that parses pays for compiling.
 */
export function lazyValidator(schema: Record<string, unknown>): () => ValidateFunction {
  let validate: ValidateFunction | undefined;
  return () => (validate ??= (handWritten ??= new Ajv({ strict: true, allErrors: false })).compile(schema));
}

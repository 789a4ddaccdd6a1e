import type { SchemaValidator } from '../formats/json-schema.js';
import { EvidenceError } from './evidence-error.js';
import { tooDeep } from './evidence-input.js';

/**
 * Runs a schema validator (src/formats/json-schema.ts) and fails closed with the JSON pointer of
 * the first offending field. Validators stop at the first error, so a hostile document cannot
 * make us collect millions; the first one is enough to refuse it.
 */
export function checkSchema<T>(validator: SchemaValidator, value: unknown, what: string): asserts value is T {
  try {
    validator.check(
      value,
      (issue) => new EvidenceError('SCHEMA_VIOLATION', `${what}: ${issue.message}`, { path: issue.path || '/' }),
    );
  } catch (cause) {
    if (cause instanceof RangeError) throw tooDeep(cause);
    throw cause;
  }
}

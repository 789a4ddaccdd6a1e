import assert from 'node:assert/strict';
import type { ErrorKind } from '../../src/domain/errors.js';
import { EvidenceError, type EvidenceErrorCode } from '../../src/evidence/evidence-error.js';

/** Asserts `fn` throws an EvidenceError with this code (and kind / path when given); returns it. */
export function throwsEvidence(
  fn: () => unknown,
  code: EvidenceErrorCode,
  expect: { kind?: ErrorKind; path?: string } = {},
): EvidenceError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof EvidenceError,
    `expected EvidenceError ${code}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`,
  );
  assert.equal(caught.code, code, caught.message);
  if (expect.kind !== undefined) assert.equal(caught.kind, expect.kind);
  if (expect.path !== undefined) assert.equal(caught.path, expect.path);
  return caught;
}

export const utf8 = (value: unknown): Uint8Array =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

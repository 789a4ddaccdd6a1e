import assert from 'node:assert/strict';
import { VerificationError, type VerificationErrorCode } from '../../src/trust/verification-error.js';

/** Asserts that `fn` throws a VerificationError whose code is `code` (or one of `code`). Returns it. */
export function assertVerificationError(
  fn: () => unknown,
  code: VerificationErrorCode | readonly VerificationErrorCode[],
): VerificationError {
  const codes = typeof code === 'string' ? [code] : code;
  try {
    fn();
  } catch (e) {
    assert.ok(
      e instanceof VerificationError,
      `expected VerificationError, got ${String(e instanceof Error ? `${e.name}: ${e.message}` : e)}`,
    );
    assert.ok(codes.includes(e.code), `expected ${codes.join(' | ')}, got ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected VerificationError ${codes.join(' | ')}, but nothing was thrown`);
}

/** Flips the lowest bit of the byte in the middle of a base64 field; returns the new base64. */
export function flipBase64(b64: string, at?: number): string {
  const bytes = Buffer.from(b64, 'base64');
  const i = at ?? Math.floor(bytes.length / 2);
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

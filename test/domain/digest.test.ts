import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDigest, parseDigest } from '../../src/domain/digest.js';
import { InputError } from '../../src/domain/errors.js';

test('parseDigest accepts sha256 with 64 lowercase hex', () => {
  const d = 'sha256:' + 'ab'.repeat(32);
  assert.equal(parseDigest(d), d);
});

for (const bad of [
  '',
  'sha256:',
  'sha256:' + 'AB'.repeat(32),
  'sha512:' + 'ab'.repeat(32),
  'sha256:' + 'ab'.repeat(31),
  42,
]) {
  test(`parseDigest rejects ${JSON.stringify(bad)}`, () => {
    assert.equal(isDigest(bad), false);
    assert.throws(
      () => parseDigest(bad),
      (e: unknown) => e instanceof InputError && e.code === 'BAD_DIGEST' && e.kind === 'malformed',
    );
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE64_ANY_ALPHABET,
  BASE64_PADDED,
  decodeBase64Strict,
  encodeBase64,
  isBase64Strict,
} from '../../src/formats/base64.js';

const bytes = Uint8Array.from([0xfb, 0xff, 0x01, 0x02]); // standard "+/8BAg==", URL-safe "-_8BAg"

test('the canonical spelling decodes; padded standard base64 is what both forms take', () => {
  for (const form of [BASE64_PADDED, BASE64_ANY_ALPHABET]) {
    assert.deepEqual(decodeBase64Strict('+/8BAg==', form), bytes);
    assert.deepEqual(decodeBase64Strict('', form), new Uint8Array());
  }
  assert.equal(encodeBase64(bytes), '+/8BAg==');
});

test('signed notes and proofs (padded form): no URL-safe alphabet, no missing padding', () => {
  for (const text of ['-_8BAg==', '+/8BAg', '+/8BAg=', '+/8BAg===', '+/8B Ag==', '+/8BAg==\n', '+/8BAh==', 'A', '=']) {
    assert.equal(decodeBase64Strict(text, BASE64_PADDED), undefined, JSON.stringify(text));
  }
});

test('DSSE and protobuf JSON (any alphabet): URL-safe and unpadded spellings, line breaks skipped', () => {
  for (const text of ['-_8BAg', '-_8BAg==', '+/8BAg', '+/8B\nAg==', '+/8B\r\nAg==\n']) {
    assert.deepEqual(decodeBase64Strict(text, BASE64_ANY_ALPHABET), bytes, JSON.stringify(text));
  }
});

test('never: both alphabets in one text, incomplete padding, non-zero unused bits, other characters', () => {
  // "+/8BAh==" and "+/8BAg=" decode to the same bytes with Buffer.from: one value, many spellings.
  for (const text of [
    '-/8BAg==',
    '+_8BAg',
    '+/8BAg=',
    '+/8BAh==',
    '+/8BAh',
    '+/8BAgB',
    '+/8B Ag==',
    '+/8B\tAg==',
    '+/8BAg==x',
    '+/8B=Ag=',
    'A===',
    '$$$$',
  ]) {
    assert.equal(decodeBase64Strict(text, BASE64_ANY_ALPHABET), undefined, JSON.stringify(text));
    assert.equal(isBase64Strict(text, BASE64_ANY_ALPHABET), false, JSON.stringify(text));
  }
  assert.equal(isBase64Strict(42, BASE64_ANY_ALPHABET), false);
});

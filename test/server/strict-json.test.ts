import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RequestError } from '../../src/server/request-error.js';
import { parseStrictJson } from '../../src/server/strict-json.js';

const read = (s: string | Uint8Array) => parseStrictJson(typeof s === 'string' ? new TextEncoder().encode(s) : s);
const isRequestError = (code: string, path?: string) => (e: unknown) => {
  assert.ok(e instanceof RequestError, String(e));
  assert.equal(e.code, code);
  if (path !== undefined) assert.equal(e.path, path);
  return true;
};

test('refuses what JSON.parse lets through or cannot report, with the code and the JSON pointer', () => {
  const cases: Array<[string, string | Uint8Array, string, string?]> = [
    ['duplicate member (JSON.parse keeps the last)', '{"owner":"a","owner":"b"}', 'JSON_DUPLICATE_KEY', '/owner'],
    ['duplicate spelled through an escape', '{"a":1,"\\u0061":2}', 'JSON_DUPLICATE_KEY', '/a'],
    ['nested duplicate', '{"x":[{"k":1},{"k":1,"k":2}]}', 'JSON_DUPLICATE_KEY', '/x/1/k'],
    ['duplicate under a key needing pointer escapes', '{"a/b":{"~":1,"~":1}}', 'JSON_DUPLICATE_KEY', '/a~1b/~0'],
    [
      'invalid UTF-8',
      new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      'JSON_INVALID_UTF8',
      '/',
    ],
    ['overlong UTF-8', new Uint8Array([0x22, 0xc0, 0xaf, 0x22]), 'JSON_INVALID_UTF8'],
    ['byte order mark', '\ufeff{}', 'MALFORMED_JSON'],
    ['escaped NUL', '{"owner":"o\\u0000x"}', 'CONTROL_CHARACTER', '/owner'],
    ['escaped carriage return', '{"a":["x\\r"]}', 'CONTROL_CHARACTER', '/a/0'],
    ['DEL', '{"a":"x\u007f"}', 'CONTROL_CHARACTER', '/a'],
    ['control character in a member name', '{"o\\u0001":1}', 'CONTROL_CHARACTER', '/'],
    ['raw control character (RFC 8259 §7)', '{"a":"x\ty"}', 'MALFORMED_JSON'],
    ['lone high surrogate', '"\\ud800"', 'JSON_INVALID_UNICODE'],
    ['lone low surrogate', '"\\udc00x"', 'JSON_INVALID_UNICODE'],
    ['truncated', '{"subject": "alice", "ite', 'MALFORMED_JSON'],
    ['trailing comma', '{"a":1,}', 'MALFORMED_JSON'],
    ['trailing data', '{} {}', 'MALFORMED_JSON'],
    ['leading zero', '01', 'MALFORMED_JSON'],
    ['single quotes', "{'a':1}", 'MALFORMED_JSON'],
    ['empty', '', 'MALFORMED_JSON'],
    ['too deep for the stack guard', '['.repeat(100_000), 'JSON_TOO_DEEP'],
  ];
  for (const [what, input, code, path] of cases) assert.throws(() => read(input), isRequestError(code, path), what);
});

test('reads what it accepts exactly as JSON.parse does', () => {
  for (const text of [
    '{"a":[1,-2.5e3,true,false,null,"x\\ny\\t\\"\\\\\\/\\u00e9\\ud83d\\ude00"]}',
    ' [ ] ',
    '0',
    '"\u00e9\u{1f600}"',
    '{"a":{"b":{}}}',
  ]) {
    assert.deepEqual(read(text), JSON.parse(text), text);
  }
  const proto = read('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype, 'an own property, as with JSON.parse');
  assert.deepEqual(Object.keys(proto), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('property: any JSON document without control characters reads as JSON.parse reads it', () => {
  const text = fc.string({ unit: 'grapheme' }).filter((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s));
  const doc = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      text,
      fc.array(tie('value')),
      fc.dictionary(text, tie('value')),
    ),
  })).value;
  fc.assert(
    fc.property(doc, (v) => {
      const s = JSON.stringify(v, null, 1);
      assert.deepEqual(read(s), JSON.parse(s));
    }),
  );
});

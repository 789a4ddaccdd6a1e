import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, parseCanonicalJson } from '../../src/ledger/canonical-json.js';
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/ledger-error.js';
import { decodeLedgerEntry, encodeLedgerEntry, type LedgerEntry } from '../../src/ledger/ledger-entry.js';
import { leafHash } from '../../src/ledger/merkle.js';
import { SAMPLE_ENTRIES } from './sample-entries.js';

const isCode = (code: LedgerErrorCode, path?: string) => (e: unknown) =>
  e instanceof LedgerError && e.code === code && (path === undefined || e.path === path);

test('every entry type encodes to canonical bytes and decodes back with the same leaf hash', () => {
  for (const e of SAMPLE_ENTRIES) {
    const enc = encodeLedgerEntry(e);
    assert.equal(Buffer.from(enc.bytes).toString('utf8'), canonicalJson(e));
    assert.deepEqual(enc.leafHash, leafHash(enc.bytes));
    const dec = decodeLedgerEntry(enc.bytes);
    assert.deepEqual(dec.entry, e);
    assert.deepEqual(dec.leafHash, enc.leafHash);
  }
});

test('RFC 8785: key order, number forms and escapes (RFC 8785 §3.2.2/§3.2.3)', () => {
  assert.equal(
    canonicalJson({ b: 1, a: [1e21, 0.1, -0, 1.0], '\u20ac': 'x', '\r': '\u001f' }),
    '{"\\r":"\\u001f","a":[1e+21,0.1,0,1],"b":1,"€":"x"}',
  );
  assert.throws(() => canonicalJson({ x: NaN }), isCode('ENTRY_NOT_CANONICAL'));
  assert.throws(() => canonicalJson('\ud800'), isCode('ENTRY_NOT_CANONICAL'));
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const c = canonicalJson(v);
      assert.equal(canonicalJson(JSON.parse(c)), c);
      assert.equal(canonicalJson(parseCanonicalJson(Buffer.from(c))), c);
    }),
  );
});

test('non-canonical or invalid entry bytes are refused with the offending path', () => {
  const bytes = Buffer.from(encodeLedgerEntry(SAMPLE_ENTRIES[1]!).bytes);
  assert.throws(() => decodeLedgerEntry(Buffer.from(' ' + bytes.toString())), isCode('ENTRY_NOT_CANONICAL'));
  assert.throws(
    () => decodeLedgerEntry(Buffer.from(bytes.toString().replace('{', '{"v":1,'))),
    isCode('ENTRY_NOT_CANONICAL'),
  );
  assert.throws(() => decodeLedgerEntry(Buffer.from([0xff])), isCode('ENTRY_INVALID'));
  const bad = structuredClone(SAMPLE_ENTRIES[1]!) as { payload: { artifact: string } };
  bad.payload.artifact = 'sha256:nothex';
  assert.throws(() => encodeLedgerEntry(bad as LedgerEntry), isCode('ENTRY_INVALID', '/payload/artifact'));
  assert.throws(
    () => encodeLedgerEntry({ ...SAMPLE_ENTRIES[0]!, type: 'nope' } as unknown as LedgerEntry),
    isCode('ENTRY_INVALID', '/type'),
  );
  assert.throws(
    () => encodeLedgerEntry({ ...SAMPLE_ENTRIES[2]!, extra: 1 } as unknown as LedgerEntry),
    isCode('ENTRY_INVALID', '/'),
  );
});

test('rotation attestations refuse values that look like secrets', () => {
  const rotation = (items: string[], subject = 'dave'): LedgerEntry => ({
    v: 1,
    type: 'rotation',
    at: '2026-11-22T10:00:00Z',
    actor: 'dave',
    payload: { subject, items, rotatedAt: '2026-11-22T10:00:00Z' },
  });
  for (const secret of [
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_' + 'a1B2'.repeat(9),
    'xoxb-1234567890-abcdef',
    'Zx8Qp3Lm7Tn2Vb6Hc1Rd5Wf9Kg4Js0Ya',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig',
  ]) {
    assert.throws(
      () => encodeLedgerEntry(rotation([secret])),
      (e: unknown) => isCode('SECRET_LIKE_VALUE', '/payload/items/0')(e) || isCode('ENTRY_INVALID')(e),
      secret,
    );
  }
  assert.throws(
    () => encodeLedgerEntry(rotation(['db/password'], 'postgres://u:hunter2@db/x')),
    isCode('SECRET_LIKE_VALUE', '/payload/subject'),
  );
  assert.throws(
    () => encodeLedgerEntry(rotation(['Zx8Qp3Lm7Tn2Vb6Hc1Rd5Wf9Kg4Js0Ya'])),
    isCode('SECRET_LIKE_VALUE', '/payload/items/0'),
  );
  encodeLedgerEntry(rotation(['prod/api/stripe-secret-key', 'AWS_SECRET_ACCESS_KEY', 'k8s:ns/app:tls.key']));
});

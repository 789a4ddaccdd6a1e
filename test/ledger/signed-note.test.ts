// Vectors: derived/signed-note-vectors.json (golang/mod@fe2ec04 sumdb/note + C2SP@5ba5ee8 examples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/ledger-error.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from '../../src/ledger/note-key.js';
import { openNote, parseNote, signNote } from '../../src/ledger/signed-note.js';

const file = sharedPath('conformance', 'merkle-and-checkpoints', 'derived', 'signed-note-vectors.json');
interface Sig {
  name: string;
  keyId: string;
  sig: string;
}
interface Vectors {
  verifierKeys: Array<{ vkey: string; valid: boolean; name?: string; keyId?: string; why?: string }>;
  signerKeys: Array<{ skey: string; note_text: string; expected_signed_note: string }>;
  notes: Array<{
    desc: string;
    note?: string;
    note_hex?: string;
    vkeys: string[];
    expect: 'ok' | 'error' | 'parse-only';
    error?: string;
    text?: string;
    verified?: Sig[];
    unverified?: Sig[];
  }>;
}
const load = (): Vectors => JSON.parse(readFileSync(file!, 'utf8')) as Vectors;
const isCode = (code: LedgerErrorCode) => (e: unknown) => e instanceof LedgerError && e.code === code;

// The vectors name Go's error strings; these are our codes for them.
const ERROR_CODES: Record<string, LedgerErrorCode> = {
  'malformed note': 'NOTE_MALFORMED',
  'note has no verifiable signatures': 'NO_VERIFIED_SIGNATURE',
};
function expectedCode(error: string): LedgerErrorCode {
  if (error.startsWith('ambiguous key')) return 'KEY_AMBIGUOUS';
  if (error.startsWith('invalid signature for key')) return 'SIGNATURE_INVALID';
  const code = ERROR_CODES[error];
  assert.ok(code, `unmapped vector error ${error}`);
  return code;
}

test('verifier keys: valid ones parse with name and key id, invalid ones are refused', (t) => {
  if (file === undefined) return t.skip(SHARED_SKIP);
  const { verifierKeys } = load();
  assert.equal(verifierKeys.length, 6);
  for (const k of verifierKeys) {
    if (k.valid) {
      const v = parseVerifierKey(k.vkey);
      assert.equal(v.name, k.name);
      assert.equal(v.keyId, k.keyId);
    } else {
      const code: LedgerErrorCode = k.why?.startsWith('key ID does not match') ? 'KEY_ID_MISMATCH' : 'KEY_MALFORMED';
      assert.throws(() => parseVerifierKey(k.vkey), isCode(code), k.why);
    }
  }
});

test('any strict prefix, or any byte incremented, of a valid vkey is refused (sumdb/note TestNewVerifier)', (t) => {
  if (file === undefined) return t.skip(SHARED_SKIP);
  const vkey = load().verifierKeys[0]!.vkey;
  for (let i = 0; i < vkey.length; i++) {
    assert.throws(
      () => parseVerifierKey(vkey.slice(0, i)),
      (e: unknown) => e instanceof LedgerError,
      `prefix ${i}`,
    );
    const bumped = vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1);
    assert.throws(
      () => parseVerifierKey(bumped),
      (e: unknown) => e instanceof LedgerError,
      `bump ${i}`,
    );
  }
});

test('signer key produces exactly the expected deterministic Ed25519 note', (t) => {
  if (file === undefined) return t.skip(SHARED_SKIP);
  const vectors = load();
  for (const s of vectors.signerKeys) {
    const signer = parseSignerKey(s.skey);
    assert.equal(signNote(s.note_text, [signer]), s.expected_signed_note);
    assert.equal(signer.vkey, vectors.verifierKeys[0]!.vkey);
    assert.deepEqual(openNote(s.expected_signed_note, [parseVerifierKey(signer.vkey)]).text, s.note_text);
  }
  assert.throws(
    () => parseSignerKey(vectors.signerKeys[0]!.skey.replace('+c74f20a3+', '+c74f20a4+')),
    isCode('KEY_ID_MISMATCH'),
  );
  assert.throws(() => parseSignerKey('PRIVATE+KEY+x'), isCode('KEY_MALFORMED'));
});

test('every note vector behaves as labelled (ok, error, parse-only)', (t) => {
  if (file === undefined) return t.skip(SHARED_SKIP);
  const { notes } = load();
  assert.equal(notes.length, 18);
  const counts = { ok: 0, error: 0, 'parse-only': 0 };
  for (const n of notes) {
    counts[n.expect]++;
    const note: string | Uint8Array = n.note ?? Buffer.from(n.note_hex!, 'hex');
    const verifiers = n.vkeys.map(parseVerifierKey);
    if (n.expect === 'ok') {
      const opened = openNote(note, verifiers);
      assert.equal(opened.text, n.text, n.desc);
      if (n.verified) assert.deepEqual(opened.verified, n.verified, n.desc);
      if (n.unverified) assert.deepEqual(opened.unverified, n.unverified, n.desc);
    } else if (n.expect === 'error') {
      assert.throws(() => openNote(note, verifiers), isCode(expectedCode(n.error!)), n.desc);
    } else {
      const parsed = parseNote(note);
      assert.ok(parsed.text.endsWith('\n') && parsed.signatures.length === 1, n.desc);
      assert.throws(() => openNote(note, verifiers), isCode('NO_VERIFIED_SIGNATURE'));
    }
  }
  assert.deepEqual(counts, { ok: 6, error: 11, 'parse-only': 1 });
});

const lineArb = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u001f]/.test(s));

test('sign then open returns the text, for any valid text and several signers', () => {
  const a = generateNoteKey('log.example/a');
  const b = generateNoteKey('witness.example/b');
  const signers = [parseSignerKey(a.skey), parseSignerKey(b.skey)];
  const verifiers = [parseVerifierKey(a.vkey), parseVerifierKey(b.vkey)];
  fc.assert(
    fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), (lines) => {
      const text = lines.join('\n') + '\n';
      const note = signNote(text, signers);
      const opened = openNote(note, verifiers);
      assert.equal(opened.text, text);
      assert.equal(opened.verified.length, 2);
      assert.equal(openNote(note, [verifiers[1]!]).unverified.length, 1);
    }),
    { numRuns: 100 },
  );
});

test('every single-byte change of a signed note is rejected or leaves the verified text unchanged', () => {
  const k = generateNoteKey('log.example/tamper');
  const v = parseVerifierKey(k.vkey);
  const text = 'log.example/tamper\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
  const note = Buffer.from(signNote(text, [parseSignerKey(k.skey)]));
  for (let i = 0; i < note.length; i++) {
    for (const delta of [1, 0x80]) {
      const bad = Buffer.from(note);
      bad[i] = (bad[i]! + delta) & 0xff;
      let opened: string | undefined;
      try {
        opened = openNote(bad, [v]).text;
      } catch (e) {
        assert.ok(e instanceof LedgerError, `byte ${i}: ${String(e)}`);
        continue;
      }
      assert.equal(opened, text, `byte ${i} changed the verified text`);
    }
  }
});

test('text rules on signing: trailing newline required, control characters refused', () => {
  const signer = parseSignerKey(generateNoteKey('x.example/k').skey);
  assert.throws(() => signNote('no newline', [signer]), isCode('NOTE_MALFORMED'));
  assert.throws(() => signNote('tab\there\n', [signer]), isCode('NOTE_MALFORMED'));
  assert.throws(() => openNote('a\n\n— k AAAA\n'.repeat(1), []), isCode('NOTE_MALFORMED'));
  assert.throws(() => openNote('x'.repeat(2048) + '\n\n', [], { maxBytes: 1024 }), isCode('NOTE_TOO_LARGE'));
  assert.throws(() => generateNoteKey('bad name'), isCode('KEY_MALFORMED'));
});

// Vectors: derived/signed-note-vectors.json checkpoints[] (C2SP tlog-checkpoint and
// tlog-cosignature examples, golang/mod sumdb/tlog tree notes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/ledger-error.js';
import {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  type Checkpoint,
} from '../../src/ledger/checkpoint.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from '../../src/ledger/note-key.js';
import { parseNote } from '../../src/ledger/signed-note.js';
import { leafHash, sha256 } from '../../src/ledger/merkle.js';

const file = sharedPath('conformance', 'merkle-and-checkpoints', 'derived', 'signed-note-vectors.json');
interface CheckpointVector {
  desc?: string;
  note?: string;
  body?: string;
  expect?: 'ok' | 'error';
  origin?: string;
  size?: number;
  rootHashB64?: string;
  extensionLines?: string[];
}
const isCode = (code: LedgerErrorCode) => (e: unknown) => e instanceof LedgerError && e.code === code;
const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');

test('checkpoint vectors: C2SP examples parse, sumdb tree bodies as labelled', (t) => {
  if (file === undefined) return t.skip(SHARED_SKIP);
  const { checkpoints } = JSON.parse(readFileSync(file, 'utf8')) as { checkpoints: CheckpointVector[] };
  assert.equal(checkpoints.length, 6);
  for (const c of checkpoints) {
    if (c.note !== undefined) {
      const cp = parseCheckpoint(parseNote(c.note).text);
      assert.equal(cp.origin, c.origin);
      assert.equal(cp.size, c.size);
      assert.equal(b64(cp.rootHash), c.rootHashB64);
      assert.deepEqual(cp.extensions, c.extensionLines ?? []);
      assert.equal(formatCheckpoint(cp), parseNote(c.note).text);
    } else if (c.expect === 'ok') {
      const cp = parseCheckpoint(c.body!, { origin: 'go.sum database tree' });
      assert.equal(cp.size, c.size);
      assert.equal(b64(cp.rootHash), b64(leafHash(Buffer.from('hello world'))));
    } else {
      assert.throws(
        () => parseCheckpoint(c.body!, { origin: 'go.sum database tree' }),
        (e: unknown) => e instanceof LedgerError,
      );
    }
  }
});

test('malformed checkpoint bodies are typed errors naming the field', () => {
  const root = b64(sha256(Buffer.from('r')));
  const cases: Array<[string, LedgerErrorCode, string]> = [
    [`o\n01\n${root}\n`, 'CHECKPOINT_MALFORMED', 'size'],
    [`o\n-1\n${root}\n`, 'CHECKPOINT_MALFORMED', 'size'],
    [`o\n99999999999999999999\n${root}\n`, 'CHECKPOINT_MALFORMED', 'size'],
    [`o\n1\n${root.slice(0, -4)}\n`, 'CHECKPOINT_MALFORMED', 'rootHash'],
    [`o\n1\n${root}\n\n`, 'CHECKPOINT_MALFORMED', 'extensions/0'],
    [`\n1\n${root}\n`, 'CHECKPOINT_MALFORMED', 'origin'],
    [`o\n1\n`, 'CHECKPOINT_MALFORMED', 'body'],
    [`o\n1\n${root}`, 'CHECKPOINT_MALFORMED', 'body'],
  ];
  for (const [body, code, path] of cases) {
    assert.throws(
      () => parseCheckpoint(body),
      (e: unknown) => isCode(code)(e) && (e as LedgerError).path === path,
      JSON.stringify(body),
    );
  }
  assert.equal(parseCheckpoint(`o\n0\n${root}\next\n`).extensions[0], 'ext');
});

const cp = (origin: string, size: number): Checkpoint => ({
  origin,
  size,
  rootHash: sha256(Buffer.from(String(size))),
  extensions: [],
});

test('key rotation: a verifier holding old and new vkeys verifies checkpoints signed by either', () => {
  const origin = 'mc.example/prod-ledger';
  const oldKey = generateNoteKey(origin);
  const newKey = generateNoteKey(origin);
  assert.notEqual(parseVerifierKey(oldKey.vkey).keyId, parseVerifierKey(newKey.vkey).keyId);
  const before = signCheckpoint(cp(origin, 10), [parseSignerKey(oldKey.skey)]);
  const after = signCheckpoint(cp(origin, 20), [parseSignerKey(newKey.skey)]);
  const both = [parseVerifierKey(oldKey.vkey), parseVerifierKey(newKey.vkey)];
  assert.equal(openCheckpoint(before, both, { origin }).checkpoint.size, 10);
  assert.equal(openCheckpoint(after, both, { origin }).checkpoint.size, 20);
  // Only the new key: the old checkpoint has no signature from a known key.
  assert.throws(() => openCheckpoint(before, [parseVerifierKey(newKey.vkey)]), isCode('NO_VERIFIED_SIGNATURE'));
  // A rotation checkpoint signed by both keys bridges the two.
  const bridge = openCheckpoint(
    signCheckpoint(cp(origin, 20), [parseSignerKey(oldKey.skey), parseSignerKey(newKey.skey)]),
    [both[0]!],
  );
  assert.equal(bridge.note.verified.length, 1);
  assert.equal(bridge.note.unverified.length, 1);
});

test('a swapped checkpoint (other origin) or one vouched only by a witness is refused', () => {
  const log = generateNoteKey('mc.example/a');
  const other = generateNoteKey('mc.example/b');
  const witness = generateNoteKey('witness.example/w');
  const note = signCheckpoint(cp('mc.example/b', 5), [parseSignerKey(other.skey)]);
  assert.throws(
    () => openCheckpoint(note, [parseVerifierKey(log.vkey), parseVerifierKey(other.vkey)], { origin: 'mc.example/a' }),
    isCode('ORIGIN_MISMATCH'),
  );
  const witnessed = signCheckpoint(cp('mc.example/a', 5), [parseSignerKey(witness.skey)]);
  assert.throws(() => openCheckpoint(witnessed, [parseVerifierKey(witness.vkey)]), isCode('ORIGIN_MISMATCH'));
  assert.throws(
    () => formatCheckpoint({ ...cp('o', 1), rootHash: new Uint8Array(31) }),
    isCode('CHECKPOINT_MALFORMED'),
  );
});

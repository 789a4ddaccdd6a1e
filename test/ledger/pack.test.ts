import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_RANGE, appendLeaves } from '../../src/ledger/appender.js';
import { encodeLedgerEntry } from '../../src/ledger/ledger-entry.js';
import { inclusionProof, leafHash, rootAt } from '../../src/ledger/merkle.js';
import { generateNoteKey, parseSignerKey } from '../../src/ledger/note-key.js';
import { signCheckpoint } from '../../src/ledger/checkpoint.js';
import { PackError, type PackErrorCode } from '../../src/ledger/pack/pack-error.js';
import { MANIFEST_PATH, MANIFEST_SIG_PATH, sealPack } from '../../src/ledger/pack/pack-manifest.js';
import {
  CHECKPOINT_PATH,
  PROOFS_PATH,
  entryPath,
  ledgerPackFiles,
  verifyPackOffline,
} from '../../src/ledger/pack/pack-verifier.js';
import { MemorySubtrees } from './memory-subtrees.js';
import { SAMPLE_ENTRIES } from './sample-entries.js';

const ORIGIN = 'mc.example/prod';
const key = generateNoteKey(ORIGIN);
const signer = parseSignerKey(key.skey);
const isPack = (code: PackErrorCode, path?: string) => (e: unknown) =>
  e instanceof PackError && e.code === code && (path === undefined || e.path === path);

/**
 * A tree of filler, one entry of every type, and one later entry, built with the append math
 * in memory; returns pack files for the typed entries and the tree's roots.
 */
function buildPack(opts: { proofSize?: number } = {}): {
  files: Map<string, Uint8Array>;
  root: (size?: number) => Uint8Array;
} {
  const filler = Array.from({ length: 37 }, (_, i) => Buffer.from(`{"filler":${i}}`));
  const all: Uint8Array[] = [
    ...filler,
    ...SAMPLE_ENTRIES.map((e) => encodeLedgerEntry(e).bytes),
    Buffer.from('{"later":1}'),
  ];
  const nodes = new MemorySubtrees();
  const { range, rows } = appendLeaves(
    EMPTY_RANGE,
    all.map((b) => leafHash(b)),
  );
  nodes.put(rows);
  const root = (size = range.size): Uint8Array => rootAt(size, nodes);
  const size = opts.proofSize ?? range.size;
  const note = signCheckpoint({ origin: ORIGIN, size: range.size, rootHash: root(), extensions: [] }, [signer]);
  const items = SAMPLE_ENTRIES.map((_, k) => {
    const index = filler.length + k;
    return {
      bytes: all[index]!,
      proof: {
        leafIdx: index,
        treeSize: size,
        leafHash: nodes.get(0, index),
        proof: inclusionProof(index, size, nodes),
        root: root(size),
      },
    };
  });
  const files = new Map<string, Uint8Array>([
    ['sbom.cdx.json', Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}')],
    ['decision.json', Buffer.from(JSON.stringify(SAMPLE_ENTRIES[0]!.payload))],
    ['disclosure-pack.md', Buffer.from('# Release 1.4.2\n\nAll gates passed.\n')],
    ...ledgerPackFiles(note, items),
  ]);
  return { files, root };
}

test('a sealed pack verifies offline with the vkey and yields every ledger entry', () => {
  const { files } = buildPack();
  const sealed = sealPack(files, signer);
  const result = verifyPackOffline(sealed, [key.vkey], { origin: ORIGIN });
  assert.equal(result.entries.length, SAMPLE_ENTRIES.length);
  assert.deepEqual(
    result.entries.map((e) => e.entry.type),
    SAMPLE_ENTRIES.map((e) => e.type),
  );
  assert.equal(result.checkpoint.size, 46);
  assert.equal(result.manifest.files.length, sealed.size - 2);
});

test('flipping any single byte of any file is caught, naming that file', () => {
  const sealed = sealPack(buildPack().files, signer);
  let flips = 0;
  for (const [path, bytes] of sealed) {
    for (let i = 0; i < bytes.length; i++) {
      const bad = Uint8Array.from(bytes);
      bad[i]! ^= 0x01;
      const expected: PackErrorCode = path === MANIFEST_SIG_PATH ? 'PACK_MANIFEST_SIGNATURE' : 'PACK_FILE_DIGEST';
      assert.throws(
        () => verifyPackOffline(new Map([...sealed, [path, bad]]), [key.vkey]),
        isPack(expected, path),
        `${path} byte ${i}`,
      );
      flips++;
    }
  }
  assert.ok(flips > 3000);
});

test('missing, unlisted and traversal paths, and the wrong vkey, are precise errors', () => {
  const sealed = sealPack(buildPack().files, signer);
  const without = new Map(sealed);
  without.delete('sbom.cdx.json');
  assert.throws(() => verifyPackOffline(without, [key.vkey]), isPack('PACK_FILE_MISSING', 'sbom.cdx.json'));
  assert.throws(
    () => verifyPackOffline(new Map([...sealed, ['extra.txt', Buffer.from('x')]]), [key.vkey]),
    isPack('PACK_FILE_UNLISTED', 'extra.txt'),
  );
  assert.throws(() => sealPack(new Map([['../etc/passwd', Buffer.from('x')]]), signer), isPack('PACK_PATH_INVALID'));
  assert.throws(
    () => verifyPackOffline(sealed, [generateNoteKey(ORIGIN).vkey]),
    isPack('PACK_MANIFEST_SIGNATURE', MANIFEST_SIG_PATH),
  );
  const noManifest = new Map(sealed);
  noManifest.delete(MANIFEST_PATH);
  assert.throws(() => verifyPackOffline(noManifest, [key.vkey]), isPack('PACK_FILE_MISSING', MANIFEST_PATH));
});

// The next packs are sealed with the real key: what a buggy or dishonest packer could produce.
test('a reordered entry, a swapped checkpoint, or proofs for another tree size are caught past the manifest', () => {
  const { files, root } = buildPack();
  const i1 = entryPath(38);
  const i2 = entryPath(39);
  const reordered = new Map(files);
  reordered.set(i1, files.get(i2)!);
  reordered.set(i2, files.get(i1)!);
  assert.throws(() => verifyPackOffline(sealPack(reordered, signer), [key.vkey]), isPack('PACK_ENTRY', i1));

  const older = signCheckpoint({ origin: ORIGIN, size: 40, rootHash: root(40), extensions: [] }, [signer]);
  const swapped = new Map([...files, [CHECKPOINT_PATH, new Uint8Array(Buffer.from(older))]]);
  assert.throws(
    () => verifyPackOffline(sealPack(swapped, signer), [key.vkey]),
    isPack('PACK_PROOF', `${PROOFS_PATH}#/0/treeSize`),
  );

  const foreign = generateNoteKey('mc.example/staging');
  const otherLog = signCheckpoint({ origin: 'mc.example/staging', size: 46, rootHash: root(), extensions: [] }, [
    parseSignerKey(foreign.skey),
  ]);
  const swappedLog = new Map([...files, [CHECKPOINT_PATH, new Uint8Array(Buffer.from(otherLog))]]);
  assert.throws(
    () => verifyPackOffline(sealPack(swappedLog, signer), [key.vkey]),
    isPack('PACK_CHECKPOINT', CHECKPOINT_PATH),
  );

  const { files: stale } = buildPack({ proofSize: 45 });
  assert.throws(
    () => verifyPackOffline(sealPack(stale, signer), [key.vkey]),
    isPack('PACK_PROOF', `${PROOFS_PATH}#/0/treeSize`),
  );

  const proofs = JSON.parse(Buffer.from(files.get(PROOFS_PATH)!).toString()) as Array<{ proof: string[] }>;
  proofs[3]!.proof.reverse();
  const badProof = new Map([...files, [PROOFS_PATH, new Uint8Array(Buffer.from(JSON.stringify(proofs)))]]);
  assert.throws(
    () => verifyPackOffline(sealPack(badProof, signer), [key.vkey]),
    isPack('PACK_PROOF', `${PROOFS_PATH}#/3`),
  );
});

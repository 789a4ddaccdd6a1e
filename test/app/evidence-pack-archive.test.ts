import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { DEFAULT_ARCHIVE_LIMITS, parsePackArchive, writePackArchive } from '../../src/app/evidence-pack-archive.js';
import { PackError, type PackErrorCode } from '../../src/ledger/pack/pack-error.js';

const isPack = (code: PackErrorCode, path?: string) => (e: unknown) =>
  e instanceof PackError && e.code === code && (path === undefined || e.path === path);

function temp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-pack-archive-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a written pack archive reads back byte for byte, reproducibly', async (t) => {
  const dir = temp(t);
  const files = new Map<string, Uint8Array>([
    ['b.json', Buffer.from('{"b":1}')],
    ['a/x.bin', Uint8Array.from([0, 1, 2, 255])],
    ['ledger/entries/7.json', Buffer.from('{}')],
  ]);
  await writePackArchive(files, join(dir, 'one.tgz'));
  await writePackArchive(new Map([...files].reverse()), join(dir, 'two.tgz'));
  const back = parsePackArchive(readFileSync(join(dir, 'one.tgz')));
  assert.deepEqual([...back.keys()].sort(), [...files.keys()].sort());
  for (const [p, b] of files) assert.equal(Buffer.compare(Buffer.from(back.get(p)!), Buffer.from(b)), 0, p);
  assert.deepEqual(
    readFileSync(join(dir, 'one.tgz')),
    readFileSync(join(dir, 'two.tgz')),
    'same files, same archive bytes',
  );
});

test('hostile archives are refused: symlinks, .. and absolute paths, oversized entries, bombs, garbage', async (t) => {
  const dir = temp(t);
  const w = join(dir, 'w');
  mkdirSync(join(w, 'sub'), { recursive: true });
  writeFileSync(join(w, 'f'), 'x');
  symlinkSync('/etc/passwd', join(w, 'link'));
  const make = async (
    name: string,
    cwd: string,
    paths: string[],
    extra: tar.TarOptionsWithAliasesAsyncFile | object = {},
  ) => {
    await tar.c({ gzip: true, file: join(dir, name), cwd, ...extra } as tar.TarOptionsWithAliasesAsyncFile, paths);
    return readFileSync(join(dir, name));
  };
  const sym = await make('sym.tgz', w, ['f', 'link']);
  const dirEntry = await make('dir.tgz', w, ['sub']);
  const dot = await make('dot.tgz', join(w, 'sub'), ['../f'], { preservePaths: true });
  const abs = await make('abs.tgz', w, [join(w, 'f')], { preservePaths: true });
  assert.throws(() => parsePackArchive(sym), isPack('PACK_ENTRY_TYPE', 'link'));
  assert.throws(() => parsePackArchive(dirEntry), isPack('PACK_ENTRY_TYPE'));
  assert.throws(() => parsePackArchive(dot), isPack('PACK_PATH_INVALID', '../f'));
  assert.throws(() => parsePackArchive(abs), isPack('PACK_PATH_INVALID'));
  const ok = await make('ok.tgz', w, ['f']);
  assert.equal(parsePackArchive(ok).size, 1);
  assert.throws(() => parsePackArchive(ok.subarray(0, ok.length - 12)), isPack('PACK_ARCHIVE_INVALID', 'archive'));
  assert.throws(() => parsePackArchive(Buffer.from('not a gzip stream')), isPack('PACK_ARCHIVE_INVALID', 'archive'));
  assert.throws(() => parsePackArchive(gzipSync(Buffer.alloc(4096, 0x41))), isPack('PACK_ARCHIVE_INVALID'));
  writeFileSync(join(w, 'big'), Buffer.alloc(64 * 1024));
  const big = await make('big.tgz', w, ['big']);
  assert.throws(
    () => parsePackArchive(big, { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 1024 }),
    isPack('PACK_TOO_LARGE', 'big'),
  );
  assert.throws(
    () => parsePackArchive(big, { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 8 * 1024 }),
    isPack('PACK_TOO_LARGE', 'archive'),
  );
  assert.throws(
    () => parsePackArchive(big, { ...DEFAULT_ARCHIVE_LIMITS, maxArchiveBytes: 10 }),
    isPack('PACK_TOO_LARGE', 'archive'),
  );
});

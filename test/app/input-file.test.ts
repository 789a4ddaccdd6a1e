import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSourcePath, readInputFile, type InputFileErrorCode } from '../../src/app/input-file.js';
import { InputError } from '../../src/domain/errors.js';

const isInput = (code: InputFileErrorCode, kind?: string) => (e: unknown) =>
  e instanceof InputError && e.code === code && (kind === undefined || e.kind === kind);

test('a regular file is read whole, up to and including the limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-input-'));
  writeFileSync(join(dir, 'ten'), '0123456789');
  writeFileSync(join(dir, 'empty'), '');
  assert.equal(Buffer.from(readInputFile(join(dir, 'ten'), 10)).toString(), '0123456789');
  assert.equal(readInputFile(join(dir, 'empty'), 10).length, 0);
  assert.throws(() => readInputFile(join(dir, 'ten'), 9), isInput('FILE_TOO_LARGE', 'too-large'));
});

test('a stream that reports size 0 and never ends is cut at the limit of bytes read (/dev/zero)', () => {
  assert.throws(() => readInputFile('/dev/zero', 3 * 1024 * 1024 + 5), isInput('FILE_TOO_LARGE', 'too-large'));
  assert.equal(readInputFile('/dev/null', 10).length, 0);
});

test('a FIFO is read to its end, and refused past the limit', {
  skip: spawnSync('mkfifo', ['--version']).status === 0 ? false : 'no mkfifo',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-input-'));
  const fifo = join(dir, 'pipe');
  spawnSync('mkfifo', [fifo]);
  // The writer runs in another process: opening a FIFO blocks until both ends are open. `exec`
  // makes the kill reach head itself: a surviving head would feed the next reader of the FIFO.
  const writer = spawn('sh', ['-c', `exec head -c 2000000 /dev/zero > '${fifo}'`]);
  assert.throws(() => readInputFile(fifo, 1_000_000), isInput('FILE_TOO_LARGE'));
  writer.kill();
  await new Promise((r) => (writer.exitCode !== null || writer.signalCode !== null ? r(null) : writer.on('exit', r)));
  const small = spawn('sh', ['-c', `printf hello > '${fifo}'`]);
  assert.equal(Buffer.from(readInputFile(fifo, 100)).toString(), 'hello');
  await new Promise((r) => small.on('exit', r));
});

test('a directory or a missing path is an input error naming it, not a stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-input-'));
  assert.throws(
    () => readInputFile(dir, 10, 'evidence file'),
    (e: unknown) =>
      isInput('NOT_A_FILE', 'invalid')(e) &&
      (e as InputError).path === dir &&
      /evidence file .* is a directory/.test((e as Error).message),
  );
  assert.throws(() => readInputFile(join(dir, 'missing.json'), 10), isInput('FILE_NOT_FOUND'));
  assert.throws(() => readInputFile(join(dir, 'missing', 'x.json'), 10), isInput('FILE_NOT_FOUND'));
});

test('an advisory source must be a directory or a regular file, never a device', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-input-'));
  writeFileSync(join(dir, 'all.zip'), '');
  assert.equal(checkSourcePath(dir, 'advisory source'), 'directory');
  assert.equal(checkSourcePath(join(dir, 'all.zip'), 'advisory source'), 'file');
  assert.throws(() => checkSourcePath('/dev/zero', 'advisory source'), isInput('NOT_A_FILE'));
  assert.throws(() => checkSourcePath(join(dir, 'nope'), 'advisory source'), isInput('FILE_NOT_FOUND'));
});

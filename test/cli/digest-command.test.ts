import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestFile } from '../../src/app/file-digest.js';
import { DEFAULT_LIMITS } from '../../src/evidence/evidence-input.js';
import { repoRoot } from '../support/shared-data.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const skip = existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)';
const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function mc(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mc digest FILE prints sha256:<hex> of the bytes; --json gives digest, file and size', { skip }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-digest-'));
  const bytes = new TextEncoder().encode('a release tarball, or close enough\n');
  writeFileSync(join(cwd, 'app.tar.gz'), bytes);
  const plain = mc(cwd, 'digest', 'app.tar.gz');
  assert.equal(plain.code, 0, plain.err);
  assert.equal(plain.out, `${sha256(bytes)}\n`);
  const json = mc(cwd, 'digest', 'app.tar.gz', '--json');
  assert.equal(json.code, 0, json.err);
  assert.deepEqual(JSON.parse(json.out), { digest: sha256(bytes), file: 'app.tar.gz', size: bytes.byteLength });
  // The digest is one mc ingest takes as it is.
  assert.equal(mc(cwd, 'init').code, 0);
  writeFileSync(
    join(cwd, 'sbom.json'),
    JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [] }),
  );
  const ingest = mc(cwd, 'ingest', plain.out.trim(), '--sbom', 'sbom.json');
  assert.equal(ingest.code, 0, ingest.err);
});

test('mc digest: a directory or a missing file is exit 2 with a named error, on stderr and as --json', { skip }, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-digest-'));
  const cases: Array<[string, string]> = [
    ['.', 'NOT_A_FILE'],
    ['missing.bin', 'FILE_NOT_FOUND'],
  ];
  for (const [file, code] of cases) {
    const r = mc(cwd, 'digest', file);
    assert.equal(r.code, 2, file);
    assert.match(r.err, new RegExp(`error ${code}: .*${file.replace('.', '\\.')}`));
    assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
    const j = mc(cwd, 'digest', file, '--json');
    assert.equal(j.code, 2);
    assert.equal(JSON.parse(j.out).error.code, code);
  }
  const usage = mc(cwd, 'digest', '--json');
  assert.equal(usage.code, 2);
  assert.equal(JSON.parse(usage.out).error.code, 'USAGE');
});

test('digestFile streams: a pipe (size unknown to stat) and a file over the evidence size limit are hashed in full', {
  skip: process.platform === 'win32' ? 'needs a POSIX shell' : false,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-digest-'));
  const big = join(dir, 'sparse.img');
  const size = DEFAULT_LIMITS.maxBytes + 1; // nothing caps a hash
  writeFileSync(big, '');
  truncateSync(big, size);
  const got = await digestFile(big);
  assert.deepEqual(got, { digest: sha256(new Uint8Array(size)), file: big, size });

  if (!existsSync(bin)) return;
  const piped = spawnSync('bash', ['-c', `node "${bin}" digest <(printf 'abc') --json`], { encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stderr);
  const out = JSON.parse(piped.stdout) as { digest: string; size: number };
  assert.deepEqual([out.digest, out.size], [sha256(new TextEncoder().encode('abc')), 3]);
});

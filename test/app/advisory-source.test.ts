import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { loadAdvisories, MAX_ZIP_FILE_BYTES } from '../../src/app/advisory-source.js';

const rec = (id: string, extra: object = {}) =>
  JSON.stringify({
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [
      { package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] },
    ],
    ...extra,
  });

function mirror(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-osv-limits-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a zip archive over the file limit is skipped as ZIP_TOO_LARGE, named directly or inside a directory; the load goes on', async (t) => {
  const dir = mirror(t);
  const big = zipSync({ 'GO-2.json': strToU8(rec('GO-2', { details: 'x'.repeat(20_000) })) }, { level: 0 });
  mkdirSync(join(dir, 'eco'));
  writeFileSync(join(dir, 'eco', 'all.zip'), big);
  writeFileSync(join(dir, 'small.zip'), zipSync({ 'GO-1.json': strToU8(rec('GO-1')) }));
  writeFileSync(join(dir, 'GHSA-1.json'), rec('GHSA-1'));
  const limits = { maxZipFileBytes: 10_000 };
  assert.ok(big.length > limits.maxZipFileBytes);

  const set = await loadAdvisories([dir], limits);
  assert.deepEqual(set.records.map((r) => r.id).sort(), ['GHSA-1', 'GO-1']);
  assert.deepEqual(set.skippedByReason, { ZIP_TOO_LARGE: 1 });
  assert.deepEqual(
    set.skipped.map((s) => [s.path, s.code]),
    [[join('eco', 'all.zip'), 'ZIP_TOO_LARGE']],
  );
  assert.match(set.skipped[0]!.message, /larger than 10000 bytes/);

  const direct = await loadAdvisories([join(dir, 'eco', 'all.zip'), join(dir, 'small.zip')], limits);
  assert.deepEqual(
    direct.records.map((r) => r.id),
    ['GO-1'],
  );
  assert.deepEqual(
    direct.skipped.map((s) => [s.path, s.code]),
    [[join(dir, 'eco', 'all.zip'), 'ZIP_TOO_LARGE']],
  );

  // Under the default limit (1 GiB) the same archive loads.
  assert.equal(MAX_ZIP_FILE_BYTES, 1024 ** 3);
  assert.deepEqual(
    (await loadAdvisories([join(dir, 'eco', 'all.zip')])).records.map((r) => r.id),
    ['GO-2'],
  );
});

test('a record file over the record limit is skipped as OSV_TOO_LARGE; the others load', async (t) => {
  const dir = mirror(t);
  writeFileSync(join(dir, 'GHSA-1.json'), rec('GHSA-1'));
  writeFileSync(join(dir, 'GHSA-2.json'), rec('GHSA-2', { details: 'x'.repeat(5000) }));
  const set = await loadAdvisories([dir], { maxRecordBytes: 1000 });
  assert.deepEqual(
    set.records.map((r) => r.id),
    ['GHSA-1'],
  );
  assert.deepEqual(
    set.skipped.map((s) => [s.path, s.code]),
    [['GHSA-2.json', 'OSV_TOO_LARGE']],
  );
});

test('the limits count bytes actually read: a device that reports size 0 is cut off at the limit, not read forever', async (t) => {
  if (!existsSync('/dev/zero')) return t.skip('no /dev/zero');
  const dir = mirror(t);
  symlinkSync('/dev/zero', join(dir, 'zero.zip'));
  const set = await loadAdvisories(['/dev/zero', join(dir, 'zero.zip')], {
    maxRecordBytes: 4096,
    maxZipFileBytes: 65_536,
  });
  assert.deepEqual(set.records, []);
  assert.deepEqual(
    set.skipped.map((s) => [s.path, s.code]),
    [
      ['/dev/zero', 'OSV_TOO_LARGE'],
      [join(dir, 'zero.zip'), 'ZIP_TOO_LARGE'],
    ],
  );
});

test('inside a mirror directory, FIFOs and links to devices are not followed', async (t) => {
  const dir = mirror(t);
  writeFileSync(join(dir, 'GHSA-1.json'), rec('GHSA-1'));
  symlinkSync('/dev/zero', join(dir, 'zero.json'));
  symlinkSync('/dev/zero', join(dir, 'zero.zip'));
  try {
    execFileSync('mkfifo', [join(dir, 'pipe.json'), join(dir, 'pipe.zip')]);
  } catch {
    t.diagnostic('mkfifo is not available: FIFOs not tried');
  }
  const set = await loadAdvisories([dir]);
  assert.deepEqual(
    set.records.map((r) => r.id),
    ['GHSA-1'],
  );
  assert.deepEqual(set.skipped, []);
});

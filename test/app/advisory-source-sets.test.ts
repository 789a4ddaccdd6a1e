import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { loadAdvisories } from '../../src/app/advisory-source.js';
import { addZip } from '../../src/vuln/advisory-zip.js';
import { changesSince, collectRecords, emptyAdvisorySet } from '../../src/vuln/advisory-set.js';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';

const rec = (id: string, modified = '2024-01-01T00:00:00Z', extra: object = {}) =>
  JSON.stringify({
    id,
    modified,
    affected: [
      { package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] },
    ],
    ...extra,
  });

test('directories (recursive) and all.zip: records plus counted skip reasons, never aborting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-osv-'));
  try {
    mkdirSync(join(dir, 'npm', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'npm', 'GHSA-1.json'), rec('GHSA-1'));
    writeFileSync(join(dir, 'npm', 'deep', 'x_private-1.json'), rec('x_private-1'));
    writeFileSync(join(dir, 'npm', 'broken.json'), '{"id": "GHSA-2",');
    writeFileSync(join(dir, 'npm', 'invalid.json'), JSON.stringify({ id: 'GHSA-3' }));
    writeFileSync(join(dir, 'README.md'), 'not a record');
    writeFileSync(
      join(dir, 'all.zip'),
      zipSync({
        'GO-1.json': strToU8(rec('GO-1')),
        'GHSA-1.json': strToU8(rec('GHSA-1', '2025-01-01T00:00:00Z')),
        'x.txt': strToU8('x'),
      }),
    );
    writeFileSync(join(dir, 'bad.zip'), 'PK not really');
    const set = await loadAdvisories([dir]);
    assert.deepEqual(set.records.map((r) => [r.id, r.modified]).sort(), [
      ['GHSA-1', '2025-01-01T00:00:00Z'],
      ['GO-1', '2024-01-01T00:00:00Z'],
      ['x_private-1', '2024-01-01T00:00:00Z'],
    ]);
    assert.deepEqual(set.skippedByReason, { OSV_MALFORMED: 1, OSV_INVALID: 1, DUPLICATE_OLDER: 1, ZIP_MALFORMED: 1 });
    assert.ok(set.skipped.some((s) => s.path === join('npm', 'invalid.json') && s.code === 'OSV_INVALID'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('zip entries larger than the cap are skipped before inflating', () => {
  const set = addZip(
    emptyAdvisorySet(),
    'all.zip',
    zipSync({
      'GO-1.json': strToU8(rec('GO-1')),
      'GO-2.json': strToU8(rec('GO-2', '2024-01-01T00:00:00Z', { details: 'x'.repeat(5000) })),
    }),
    { maxRecordBytes: 1000 },
  );
  assert.deepEqual(
    set.records.map((r) => r.id),
    ['GO-1'],
  );
  assert.deepEqual(set.skippedByReason, { OSV_TOO_LARGE: 1 });
});

test('incremental sync by modified; withdrawn known records are listed', () => {
  const { records } = collectRecords([
    { path: 'a', text: rec('GHSA-1') },
    { path: 'b', text: rec('GHSA-2', '2024-06-01T00:00:00Z') },
    { path: 'c', text: rec('GHSA-3', '2024-06-01T00:00:00Z', { withdrawn: '2024-06-01T00:00:00Z' }) },
    { path: 'd', text: rec('GHSA-4') },
  ]);
  const known = new Map([
    ['GHSA-1', '2024-01-01T00:00:00Z'],
    ['GHSA-2', '2024-01-01T00:00:00Z'],
    ['GHSA-3', '2024-01-01T00:00:00Z'],
  ]);
  const c = changesSince(known, records, new Date('2026-01-01T00:00:00Z'));
  assert.deepEqual(
    c.added.map((r) => r.id),
    ['GHSA-4'],
  );
  assert.deepEqual(
    c.updated.map((r) => r.id),
    ['GHSA-2', 'GHSA-3'],
  );
  assert.deepEqual(c.withdrawn, ['GHSA-3']);
  assert.equal(c.unchanged, 1);
});

test('the real mirror in ../shared/osv-data loads whole', async (t) => {
  const dir = sharedPath('osv-data');
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const set = await loadAdvisories([dir]);
  assert.equal(set.records.length, 2661 + 4291);
  assert.deepEqual(set.skipped, []);
});

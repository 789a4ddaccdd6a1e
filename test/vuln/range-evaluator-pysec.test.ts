/**
 * Cross-check of range evaluation against OSV.dev's enumeration: for every PYSEC record in
 * ../shared/osv-data/pypi/ (pypa/advisory-database @ 3ccb6125, CC-BY-4.0), every version in
 * `affected[].versions` must evaluate as affected by the entry's ECOSYSTEM range(s) alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { CompiledAffected } from '../../src/vuln/range-evaluator.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';
import { pypiVersioning } from '../../src/vuln/versioning/pypi-versioning.js';

/**
 * The exceptions, each checked to fail exactly on these versions. Only the first is the OSV
 * linter's "non-distinct" case; the other two are inconsistencies between the record's
 * `versions` list (enumerated by OSV.dev from the GIT range) and its ECOSYSTEM range.
 */
const EXCEPTIONS: Record<string, { reason: string; versions: string[] }> = {
  'PYSEC-2021-114': {
    reason:
      'non-distinct: one range holds introduced 0 / fixed 2.11.6 and introduced 2.11 / fixed 2.11.7, which overlap; sorted, fixed 2.11.6 closes the range before 2.11.7',
    versions: ['2.11.6'],
  },
  'PYSEC-2023-177': {
    reason:
      'versions list includes the fixed version 23.9.0 (and its post-release) — taken from the GIT range, which disagrees with `fixed: 23.9.0`',
    versions: ['23.9.0', '23.9.0.post1'],
  },
  'PYSEC-2023-61': {
    reason:
      'versions list includes pre-releases of the introduced bounds (3.2a1 < 3.2 under PEP 440), which the ECOSYSTEM range excludes',
    versions: ['3.2a1', '3.2b1', '3.2rc1', '4.2a1', '4.2b1', '4.2rc1'],
  },
};

test('every PYSEC `versions` entry is affected by its ECOSYSTEM range', (t) => {
  const dir = sharedPath('osv-data', 'pypi');
  if (dir === undefined) return t.skip(SHARED_SKIP);
  let checked = 0;
  const failures = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as OsvRecord;
    for (const affected of record.affected ?? []) {
      const ranges = (affected.ranges ?? []).filter((r) => r.type === 'ECOSYSTEM');
      if (ranges.length === 0) continue;
      const compiled = new CompiledAffected({ ranges }, pypiVersioning);
      for (const v of affected.versions ?? []) {
        if (!pypiVersioning.isValid(v)) continue;
        checked++;
        const verdict = compiled.evaluate(v);
        if (verdict.status !== 'affected') failures.set(record.id, [...(failures.get(record.id) ?? []), v]);
      }
    }
  }
  const got = Object.fromEntries([...failures].map(([id, versions]) => [id, versions.sort()]));
  const want = Object.fromEntries(Object.entries(EXCEPTIONS).map(([id, e]) => [id, [...e.versions].sort()]));
  assert.deepEqual(got, want);
  assert.ok(checked > 130_000, `checked ${checked}`);
});

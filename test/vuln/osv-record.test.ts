/**
 * Our OSV schema against the official one (ossf/osv-schema @ 51b8156b, Apache-2.0): every record
 * in ../shared that the official schema accepts, ours accepts; the `nointroduced` linter fixture
 * is rejected by both; the only records ours takes and the official one does not are listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { parseOsvRecord, parseOsvRecordText } from '../../src/vuln/osv-record.js';
import { VulnError } from '../../src/vuln/vuln-error.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv2020,
) => void;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? jsonFiles(p) : f.endsWith('.json') ? [p] : [];
  });
}

const isVulnError = (code: string) => (e: unknown) => e instanceof VulnError && e.code === code;

test('ours accepts every record the official OSV schema accepts; nointroduced is rejected', (t) => {
  const base = sharedPath('conformance', 'osv-schema-and-records');
  const data = sharedPath('osv-data');
  if (base === undefined || data === undefined) return t.skip(SHARED_SKIP);
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const official = ajv.compile(JSON.parse(readFileSync(join(base, 'schema', 'schema.json'), 'utf8')));
  const files = [
    ...jsonFiles(join(base, 'records')),
    ...jsonFiles(join(base, 'osv-linter-testdata')),
    ...jsonFiles(join(base, 'ghsa-converter-expected')),
    ...jsonFiles(data),
  ];
  let accepted = 0;
  const lenient: string[] = [];
  for (const f of files) {
    const value = JSON.parse(readFileSync(f, 'utf8'));
    if (official(value)) {
      accepted++;
      assert.doesNotThrow(() => parseOsvRecord(value, f), f);
    } else if (f.includes('nointroduced')) {
      assert.throws(
        () => parseOsvRecord(value, f),
        (e: unknown) => isVulnError('OSV_INVALID')(e) && (e as VulnError).path === '/affected/0/ranges/0/events',
        f,
      );
    } else {
      // Only where osv-schema.ts says so: GIT event values are not held to the hash pattern.
      assert.doesNotThrow(() => parseOsvRecord(value, f), f);
      lenient.push(f.split('/').pop()!);
    }
  }
  assert.ok(accepted > 6900, `accepted ${accepted}`);
  assert.deepEqual(lenient.sort(), GIT_NON_HASH);
});

/** Real PYSEC records whose GIT range has a `fixed: <hash>.patch` event (official schema rejects them). */
const GIT_NON_HASH = [
  'PYSEC-2017-27.json',
  'PYSEC-2019-155.json',
  'PYSEC-2021-371.json',
  'PYSEC-2021-424.json',
  'PYSEC-2021-425.json',
  'PYSEC-2021-436.json',
  'PYSEC-2023-80.json',
];

test('private x_ ids are accepted; unknown prefixes are not', () => {
  assert.equal(parseOsvRecord({ id: 'x_acme-1', modified: '2024-01-01T00:00:00Z' }).id, 'x_acme-1');
  assert.throws(
    () => parseOsvRecord({ id: 'ACME-1', modified: '2024-01-01T00:00:00Z' }),
    (e: unknown) => isVulnError('OSV_INVALID')(e) && (e as VulnError).path === '/id',
  );
});

const BAD: Array<[string, unknown, string, string]> = [
  ['not an object', [1], 'OSV_MALFORMED', '/'],
  ['no modified', { id: 'GHSA-1' }, 'OSV_INVALID', '/'],
  ['bad timestamp', { id: 'GHSA-1', modified: 'yesterday' }, 'OSV_INVALID', '/modified'],
  [
    'no introduced',
    {
      id: 'GHSA-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        { package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ fixed: '1.0.0' }] }] },
      ],
    },
    'OSV_INVALID',
    '/affected/0/ranges/0/events',
  ],
  [
    'fixed and last_affected',
    {
      id: 'GHSA-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'a' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { last_affected: '0.9.0' }] }],
        },
      ],
    },
    'OSV_INVALID',
    '/affected/0/ranges/0',
  ],
  [
    'event with two keys',
    {
      id: 'GHSA-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'a' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }],
        },
      ],
    },
    'OSV_INVALID',
    '/affected/0/ranges/0/events/0',
  ],
  [
    'GIT without repo',
    {
      id: 'GHSA-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        { package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] },
      ],
    },
    'OSV_INVALID',
    '/affected/0/ranges/0',
  ],
  [
    'version not a string',
    {
      id: 'GHSA-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'a' }, versions: [1] }],
    },
    'OSV_INVALID',
    '/affected/0/versions/0',
  ],
];
for (const [name, value, code, path] of BAD) {
  test(`rejects ${name} with ${code} at ${path}`, () => {
    assert.throws(
      () => parseOsvRecord(value),
      (e: unknown) => isVulnError(code)(e) && (e as VulnError).path === path,
    );
  });
}

test('bad JSON text is a typed error', () => {
  assert.throws(() => parseOsvRecordText('{"id": '), isVulnError('OSV_MALFORMED'));
});

/**
 * Our OSV schema against the official one (ossf/osv-schema @ 51b8156b, Apache-2.0): every record
 * in ../shared that the official schema accepts, ours accepts; the `nointroduced` linter fixture
 * is rejected by both.
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

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;

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
  const rejectedByOfficial: string[] = [];
  for (const f of files) {
    const value = JSON.parse(readFileSync(f, 'utf8'));
    if (official(value)) {
      accepted++;
      assert.doesNotThrow(() => parseOsvRecord(value, f), f);
    } else {
      rejectedByOfficial.push(f.slice(base.length - 30));
      assert.throws(() => parseOsvRecord(value, f), isVulnError('OSV_INVALID'), f);
    }
  }
  assert.ok(accepted > 6900, `accepted ${accepted}`);
  assert.deepEqual(rejectedByOfficial.filter((f) => f.includes('nointroduced')).length, 1);
});

test('private x_ ids are accepted; unknown prefixes are not', () => {
  assert.equal(parseOsvRecord({ id: 'x_acme-1', modified: '2024-01-01T00:00:00Z' }).id, 'x_acme-1');
  assert.throws(() => parseOsvRecord({ id: 'ACME-1', modified: '2024-01-01T00:00:00Z' }), (e: unknown) => isVulnError('OSV_INVALID')(e) && (e as VulnError).path === '/id');
});

const BAD: Array<[string, unknown, string, string]> = [
  ['not an object', [1], 'OSV_MALFORMED', '/'],
  ['no modified', { id: 'GHSA-1' }, 'OSV_INVALID', '/'],
  ['bad timestamp', { id: 'GHSA-1', modified: 'yesterday' }, 'OSV_INVALID', '/modified'],
  ['no introduced', { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ fixed: '1.0.0' }] }] }] }, 'OSV_INVALID', '/affected/0/ranges/0/events'],
  ['fixed and last_affected', { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { last_affected: '0.9.0' }] }] }] }, 'OSV_INVALID', '/affected/0/ranges/0'],
  ['event with two keys', { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }] }] }, 'OSV_INVALID', '/affected/0/ranges/0/events/0'],
  ['GIT without repo', { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }] }, 'OSV_INVALID', '/affected/0/ranges/0'],
  ['version not a string', { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, versions: [1] }] }, 'OSV_INVALID', '/affected/0/versions/0'],
];
for (const [name, value, code, path] of BAD) {
  test(`rejects ${name} with ${code} at ${path}`, () => {
    assert.throws(() => parseOsvRecord(value), (e: unknown) => isVulnError(code)(e) && (e as VulnError).path === path);
  });
}

test('bad JSON text is a typed error', () => {
  assert.throws(() => parseOsvRecordText('{"id": '), isVulnError('OSV_MALFORMED'));
});

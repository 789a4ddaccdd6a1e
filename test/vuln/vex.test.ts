/**
 * VEX against the CycloneDX examples in ../shared/conformance/sbom/cyclonedx-bom-examples/VEX
 * (CycloneDX/bom-examples @ aaa24717, CC0-1.0) and hand-written OpenVEX v0.2.0 documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath, SHARED_SKIP } from '../support/shared-data.js';
import { applyVex, VexIndex } from '../../src/vuln/vex.js';
import { parseVex } from '../../src/vuln/vex-parser.js';
import { VulnError } from '../../src/vuln/vuln-error.js';
import type { Finding } from '../../src/domain/evidence.js';

const finding = (advisoryId: string, aliases: string[], purl: string): Finding => ({
  advisoryId,
  aliases,
  package: { name: purl, purl },
  severity: 'HIGH',
  source: 'mc',
});
const load = (dir: string, ...p: string[]) => JSON.parse(readFileSync(join(dir, ...p), 'utf8'));

test('CycloneDX vex.json: not_affected (code_not_reachable) suppresses jackson-databind by BOM-Link ref, visibly', (t) => {
  const dir = sharedPath('conformance', 'sbom', 'cyclonedx-bom-examples', 'VEX');
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const doc = parseVex(load(dir, 'vex.json'), 'vex.json');
  const findings = [
    finding(
      'GHSA-288c-cq4h-88gq',
      ['CVE-2020-25649'],
      'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar',
    ),
    finding('GHSA-288c-cq4h-88gq', ['CVE-2020-25649'], 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0'),
    finding('GHSA-other', ['CVE-2099-1'], 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar'),
  ];
  const out = applyVex(findings, [doc]);
  assert.equal(out.findings.length, 3, 'suppressed findings stay listed');
  assert.deepEqual(out.findings[0]!.suppressedBy, {
    status: 'not_affected',
    justification: 'code_not_reachable',
    statement: 'vex.json#/vulnerabilities/0',
  });
  assert.equal(out.findings[1]!.suppressedBy, undefined, 'another version is not covered');
  assert.equal(out.findings[2]!.suppressedBy, undefined, 'another vulnerability is not covered');
  assert.equal(findings[0]!.suppressedBy, undefined, 'inputs are not mutated');
  assert.equal(out.suppressed, 1);
});

test('CISA case 1: not_affected and fixed suppress, affected and under_investigation do not', (t) => {
  const dir = sharedPath('conformance', 'sbom', 'cyclonedx-bom-examples', 'VEX', 'CISA-Use-Cases', 'Case-1');
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const log4j = [
    finding('GHSA-jfh8-c2jp-5v3q', ['CVE-2021-44228'], 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'),
  ];
  const want: Record<string, string | undefined> = {
    'vex-not_affected.json': 'not_affected',
    'vex-fixed.json': 'fixed',
    'vex-affected.json': undefined,
    'vex-under_investigation.json': undefined,
  };
  for (const [file, status] of Object.entries(want)) {
    const out = applyVex(log4j, [parseVex(load(dir, file), file)]);
    assert.equal(out.findings[0]!.suppressedBy?.status, status, file);
  }
});

const openvex = (statements: object[]) => ({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example/vex-1',
  author: 'sec',
  timestamp: '2024-01-01T00:00:00Z',
  version: 1,
  statements,
});

test('OpenVEX: versionless purl covers every version; justification required for not_affected', () => {
  const doc = parseVex(
    openvex([
      {
        vulnerability: { name: 'CVE-2021-44228' },
        products: [{ '@id': 'pkg:maven/org.apache.logging.log4j/log4j-core' }],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
      },
      { vulnerability: { name: 'CVE-2022-1' }, products: [{ '@id': 'pkg:npm/a@1.0.0' }], status: 'not_affected' },
      { vulnerability: { name: 'GHSA-x' }, products: [{ '@id': 'pkg:npm/b@1.0.0' }], status: 'fixed' },
    ]),
    'o.json',
  );
  const out = applyVex(
    [
      finding('GHSA-jfh8', ['CVE-2021-44228'], 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'),
      finding('X-1', ['CVE-2022-1'], 'pkg:npm/a@1.0.0'),
      finding('GHSA-x', [], 'pkg:npm/b@1.0.0'),
    ],
    [doc],
  );
  assert.deepEqual(
    out.findings.map((f) => f.suppressedBy?.status),
    ['not_affected', undefined, 'fixed'],
  );
  assert.deepEqual(out.unusable, [
    { statement: 'o.json#/statements/1', reason: 'not_affected without a justification does not suppress' },
  ]);
});

test('OpenVEX: the newest statement decides (affected after not_affected lifts it)', () => {
  const doc = parseVex(
    openvex([
      {
        vulnerability: { name: 'CVE-1' },
        products: [{ '@id': 'pkg:npm/a' }],
        status: 'not_affected',
        justification: 'component_not_present',
        timestamp: '2024-01-01T00:00:00Z',
      },
      {
        vulnerability: { name: 'CVE-1' },
        products: [{ '@id': 'pkg:npm/a' }],
        status: 'affected',
        timestamp: '2024-02-01T00:00:00Z',
      },
    ]),
    'o.json',
  );
  assert.equal(applyVex([finding('CVE-1', [], 'pkg:npm/a@1.0.0')], [doc]).findings[0]!.suppressedBy, undefined);
});

test('OpenVEX: timestamps are ordered as instants, not strings (offsets count)', () => {
  // 10:00+02:00 is 08:00Z, earlier than 09:00Z although it sorts later as a string.
  const doc = (first: string, second: string) =>
    parseVex(
      openvex([
        {
          vulnerability: { name: 'CVE-1' },
          products: [{ '@id': 'pkg:npm/a' }],
          status: 'not_affected',
          justification: 'component_not_present',
          timestamp: first,
        },
        { vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'affected', timestamp: second },
      ]),
      'o.json',
    );
  const f = [finding('CVE-1', [], 'pkg:npm/a@1.0.0')];
  assert.equal(
    applyVex(f, [doc('2024-01-01T10:00:00+02:00', '2024-01-01T09:00:00Z')]).findings[0]!.suppressedBy,
    undefined,
    'the affected statement is newer',
  );
  assert.equal(
    applyVex(f, [doc('2024-01-01T08:00:00.5-01:00', '2024-01-01t09:00:00z')]).findings[0]!.suppressedBy?.status,
    'not_affected',
    '09:00:00.5Z is newer; lower-case t/z is RFC 3339',
  );
});

test('VexIndex: statements are found by id or alias, each once; at the same instant the later statement decides', () => {
  const at = '2024-01-01T00:00:00Z';
  const doc = parseVex(
    openvex([
      {
        vulnerability: { name: 'GHSA-1', aliases: ['CVE-1'] },
        products: [{ '@id': 'pkg:npm/a' }],
        status: 'affected',
        timestamp: at,
      },
      {
        vulnerability: { name: 'CVE-1', aliases: ['GHSA-1'] },
        products: [{ '@id': 'pkg:npm/a' }],
        status: 'fixed',
        timestamp: at,
      },
      {
        vulnerability: { name: 'CVE-1' },
        products: [{ '@id': 'pkg:npm/b' }],
        status: 'affected',
        timestamp: '2025-01-01T00:00:00Z',
      },
    ]),
    'o.json',
  );
  const index = new VexIndex([doc]);
  const out = index.apply([
    finding('GHSA-1', ['CVE-1'], 'pkg:npm/a@1.0.0'),
    finding('CVE-1', [], 'pkg:npm/a@2.0.0'),
    finding('CVE-1', [], 'pkg:npm/b@1.0.0'),
    finding('CVE-9', [], 'pkg:npm/a@1.0.0'),
  ]);
  assert.deepEqual(
    out.findings.map((f) => f.suppressedBy?.statement),
    ['o.json#/statements/1', 'o.json#/statements/1', undefined, undefined],
  );
  assert.equal(out.suppressed, 2);
  assert.deepEqual(index.apply([finding('CVE-1', [], 'pkg:npm/a@1.0.0')]).suppressed, 1, 'an index is reusable');
});

const BAD: Array<[string, unknown, string, string]> = [
  ['not an object', 'x', 'VEX_MALFORMED', '/'],
  ['unknown format', { hello: 1 }, 'VEX_UNSUPPORTED', '/'],
  [
    'bad status',
    openvex([{ vulnerability: { name: 'CVE-1' }, status: 'maybe' }]),
    'VEX_INVALID',
    '/statements/0/status',
  ],
  [
    'no vulnerability name',
    openvex([{ vulnerability: {}, status: 'fixed' }]),
    'VEX_INVALID',
    '/statements/0/vulnerability/name',
  ],
  [
    'cdx affects not a list',
    { bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'resolved' }, affects: 'x' }] },
    'VEX_INVALID',
    '/vulnerabilities/0/affects',
  ],
  ...[
    'yesterday',
    '2024-01-01',
    '2024-01-01 00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:60Z',
    '2024-01-01T00:00:00',
    '2024-01-01T00:00:00+2:00',
    '2024-01-01T00:00:00+24:00',
    '２０２４-01-01T00:00:00Z',
  ].map((ts): [string, unknown, string, string] => [
    `statement timestamp ${JSON.stringify(ts)}`,
    openvex([{ vulnerability: { name: 'CVE-1' }, status: 'fixed', timestamp: ts }]),
    'VEX_INVALID',
    '/statements/0/timestamp',
  ]),
  ['document timestamp garbage', { ...openvex([]), timestamp: 'not a time' }, 'VEX_INVALID', '/timestamp'],
  [
    'cdx lastUpdated garbage',
    {
      bomFormat: 'CycloneDX',
      vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'resolved', lastUpdated: '01/02/2024' } }],
    },
    'VEX_INVALID',
    '/vulnerabilities/0/analysis/lastUpdated',
  ],
  [
    'cdx firstIssued garbage',
    {
      bomFormat: 'CycloneDX',
      vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'resolved', firstIssued: '2024-13-01T00:00:00Z' } }],
    },
    'VEX_INVALID',
    '/vulnerabilities/0/analysis/firstIssued',
  ],
  [
    'cdx metadata timestamp garbage',
    { bomFormat: 'CycloneDX', metadata: { timestamp: 'now' }, vulnerabilities: [] },
    'VEX_INVALID',
    '/metadata/timestamp',
  ],
];
for (const [name, value, code, path] of BAD) {
  test(`VEX input: ${name} → ${code} at ${path}`, () => {
    assert.throws(
      () => parseVex(value, 'v.json'),
      (e: unknown) => e instanceof VulnError && e.code === code && e.path === path,
    );
  });
}

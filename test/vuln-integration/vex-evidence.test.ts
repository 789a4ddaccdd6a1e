import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvidenceFor } from '../../src/app/evidence-parsing.js';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { VulnError } from '../../src/vuln/vuln-error.js';
import type { VexDocument } from '../../src/vuln/vex.js';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

test('ingest kind vex: OpenVEX and CycloneDX VEX are parsed into the VexDocument the advisories provider applies', () => {
  const openvex = parseEvidenceFor('vex', enc({
    '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'x', author: 'a', timestamp: '2026-11-21T00:00:00Z', version: 1,
    statements: [{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:pypi/a@1' }], status: 'not_affected', justification: 'component_not_present' }],
  }));
  assert.equal(openvex.format, 'openvex');
  assert.deepEqual((openvex.normalized as VexDocument).statements.map((s) => [s.vulnerability, s.status, s.products]), [['CVE-1', 'not_affected', ['pkg:pypi/a@1']]]);
  const cdx = parseEvidenceFor('vex', enc({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, vulnerabilities: [{ id: 'GHSA-1', analysis: { state: 'resolved' }, affects: [{ ref: 'r' }] }] }));
  assert.equal(cdx.format, 'cyclonedx-vex');
  assert.equal((cdx.normalized as VexDocument).statements[0]!.status, 'fixed');
});

test('ingest kind vex: bad documents get typed errors with the offending path, never a crash', () => {
  assert.throws(() => parseEvidenceFor('vex', enc('{"@context": ')), (e: unknown) => e instanceof EvidenceError && e.code === 'MALFORMED_JSON');
  assert.throws(() => parseEvidenceFor('vex', enc({ hello: 1 })), (e: unknown) => e instanceof VulnError && e.code === 'VEX_UNSUPPORTED');
  assert.throws(
    () => parseEvidenceFor('vex', enc({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, status: 'maybe' }] })),
    (e: unknown) => e instanceof VulnError && e.code === 'VEX_INVALID' && e.path === '/statements/0/status',
  );
  assert.throws(() => parseEvidenceFor('vex', new Uint8Array([0xff, 0xfe, 0x00])), (e: unknown) => e instanceof EvidenceError && e.code === 'MALFORMED_ENCODING');
});

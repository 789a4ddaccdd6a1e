import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvidenceRecord } from '../../src/evidence/parse-evidence.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { VulnError } from '../../src/vuln/vuln-error.js';
import { testInstallation } from '../support/installation.js';
import type { VexDocument } from '../../src/domain/evidence.js';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

test('ingest kind vex: OpenVEX and CycloneDX VEX are parsed into the VexDocument buildSnapshot applies', () => {
  const openvex = parseEvidenceRecord(
    'vex',
    enc({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'x',
      author: 'a',
      timestamp: '2026-11-21T00:00:00Z',
      version: 1,
      statements: [
        {
          vulnerability: { name: 'CVE-1' },
          products: [{ '@id': 'pkg:pypi/a@1' }],
          status: 'not_affected',
          justification: 'component_not_present',
        },
      ],
    }),
  );
  assert.equal(openvex.format, 'openvex');
  assert.deepEqual(
    (openvex.normalized as VexDocument).statements.map((s) => [s.vulnerability, s.status, s.products]),
    [['CVE-1', 'not_affected', ['pkg:pypi/a@1']]],
  );
  const cdx = parseEvidenceRecord(
    'vex',
    enc({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      vulnerabilities: [{ id: 'GHSA-1', analysis: { state: 'resolved' }, affects: [{ ref: 'r' }] }],
    }),
  );
  assert.equal(cdx.format, 'cyclonedx-vex');
  assert.equal((cdx.normalized as VexDocument).statements[0]!.status, 'fixed');
});

test('ingest kind vex: bad documents get typed errors with the offending path, never a crash', () => {
  assert.throws(
    () => parseEvidenceRecord('vex', enc('{"@context": ')),
    (e: unknown) => e instanceof EvidenceError && e.code === 'MALFORMED_JSON',
  );
  assert.throws(
    () => parseEvidenceRecord('vex', enc({ hello: 1 })),
    (e: unknown) => e instanceof VulnError && e.code === 'VEX_UNSUPPORTED',
  );
  assert.throws(
    () =>
      parseEvidenceRecord(
        'vex',
        enc({
          '@context': 'https://openvex.dev/ns/v0.2.0',
          statements: [{ vulnerability: { name: 'CVE-1' }, status: 'maybe' }],
        }),
      ),
    (e: unknown) => e instanceof VulnError && e.code === 'VEX_INVALID' && e.path === '/statements/0/status',
  );
  assert.throws(
    () => parseEvidenceRecord('vex', new Uint8Array([0xff, 0xfe, 0x00])),
    (e: unknown) => e instanceof EvidenceError && e.code === 'MALFORMED_ENCODING',
  );
});

const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
`;

for (const engine of ENGINES) {
  describe(`VEX over scan findings on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore | undefined;
    after(async () => store?.close());

    test("a scan report finding is suppressed by the artifact's VEX statement, with no advisories synced", async () => {
      const digest = `sha256:${'d'.repeat(64)}`;
      const now = new Date('2026-11-22T10:00:00Z');
      const ws = makeWorkspace(GATES);
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      const service = testInstallation(ws, store, () => now, {}).gate;
      const scan = {
        results: [
          {
            packages: [
              {
                package: { name: 'left-pad', version: '1.0.0', ecosystem: 'npm', purl: 'pkg:npm/left-pad@1.0.0' },
                vulnerabilities: [
                  { id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2026-0001'], database_specific: { severity: 'HIGH' } },
                ],
              },
            ],
          },
        ],
      };
      await service.ingest(digest, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]) },
        { kind: 'scan', bytes: enc(scan) },
      ]);
      const gate = async () =>
        (await service.verify(digest, 'prod', 'never')).decision.gates.find((g) => g.gate === 'vulnerabilities')!;
      assert.equal((await gate()).result, 'fail', 'the scan finding blocks before any VEX');
      await service.ingest(digest, [
        {
          kind: 'vex',
          bytes: enc({
            '@context': 'https://openvex.dev/ns/v0.2.0',
            '@id': 'x',
            author: 'a',
            timestamp: '2026-11-21T00:00:00Z',
            version: 1,
            statements: [
              {
                vulnerability: { name: 'CVE-2026-0001' },
                products: [{ '@id': 'pkg:npm/left-pad' }],
                status: 'not_affected',
                justification: 'vulnerable_code_not_in_execute_path',
              },
            ],
          }),
        },
      ]);
      const after = await gate();
      assert.equal(after.result, 'pass', JSON.stringify(after.reasons));
      assert.ok(after.reasons.some((r) => r.code === 'VULN_SUPPRESSED_BY_VEX'));
    });
  });
}

// Large reports shaped to make a per-entry search quadratic (every lookup misses until the far end).
// No timing assertion: a quadratic parser makes these tests time out; a linear one finishes in ~1 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { parseEvidence } from '../../src/evidence/parse-evidence.js';
import { utf8 } from './evidence-assert.js';

const N = 40_000;
const ids = Array.from({ length: N }, (_, i) => `GHSA-${String(i).padStart(6, '0')}`);

test('osv-scanner: 40k records, each matched to its group from the far end of 40k groups', () => {
  const report = {
    results: [
      {
        packages: [
          {
            package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
            vulnerabilities: ids.map((id) => ({ id })),
            groups: ids.map((id, i) => ({ ids: [id, `CVE-2024-${i}`], max_severity: '7.5' })).reverse(),
          },
        ],
      },
    ],
  };
  const { scan } = parseEvidence('scan', utf8(report));
  assert.equal(scan.findings.length, N);
  assert.deepEqual(scan.findings[N - 1]!.aliases, [`CVE-2024-${N - 1}`]);
  assert.ok(scan.findings.every((f) => f.severity === 'HIGH'));
});

test('SARIF: 40k results, each naming one of 40k rules from the far end', () => {
  const log = {
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'grype', rules: ids.map((id) => ({ id, properties: { 'security-severity': '9.1' } })) },
        },
        results: [...ids].reverse().map((ruleId) => ({ ruleId, message: { text: 'x' } })),
      },
    ],
  };
  const { scan } = parseEvidence('scan', utf8(log));
  assert.equal(scan.findings.length, N);
  assert.ok(scan.findings.every((f) => f.severity === 'CRITICAL'));
});

test('SPDX: one package depending on 40k others, every edge given twice', () => {
  const refs = ids.map((_, i) => `SPDXRef-p${i}`);
  const edges = refs.map((ref) => ({
    spdxElementId: 'SPDXRef-app',
    relationshipType: 'DEPENDS_ON',
    relatedSpdxElement: ref,
  }));
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'hostile',
    documentNamespace: 'https://example.com/hostile',
    creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: test'] },
    packages: [
      { SPDXID: 'SPDXRef-app', name: 'app', downloadLocation: 'NONE' },
      ...refs.map((SPDXID, i) => ({ SPDXID, name: `p${i}`, downloadLocation: 'NONE' })),
    ],
    relationships: [...edges, ...edges],
  };
  const { sbom } = parseEvidence('sbom', utf8(doc));
  assert.equal(sbom.components.length, N + 1);
  assert.equal(sbom.dependencies.length, 1);
  assert.deepEqual(sbom.dependencies[0]!.dependsOn, refs);
});

test('an osv-scanner group or alias list past the cap is a schema violation, not a memory blow-up', () => {
  const ids = Array.from({ length: 300 }, (_, i) => `GHSA-${i}`);
  const report = {
    results: [
      {
        packages: [
          {
            package: { name: 'x', version: '1', ecosystem: 'npm' },
            vulnerabilities: ids.map((id) => ({ id })),
            groups: [{ ids }],
          },
        ],
      },
    ],
  };
  assert.throws(
    () => parseEvidence('scan', JSON.stringify(report)),
    (e: unknown) => e instanceof EvidenceError && e.code === 'SCHEMA_VIOLATION',
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EvidenceError, type EvidenceErrorCode } from '../../src/evidence/evidence-error.js';
import { parseEvidence } from '../../src/evidence/parse-evidence.js';
import { throwsEvidence, utf8 } from './evidence-assert.js';
import { OSV_SCANNER_REPORT, TRIVY_REPORT, TRIVY_SARIF } from './scan-reports.js';

test('osv-scanner JSON: one finding per package and record, aliases merged, severity from the record or its group', () => {
  const { format, scan } = parseEvidence('scan', utf8(OSV_SCANNER_REPORT));
  assert.equal(format, 'osv-scanner');
  assert.equal(scan.scanner, 'osv-scanner');
  assert.deepEqual(scan.findings[0], {
    advisoryId: 'GHSA-35jh-r3h4-6jhm',
    aliases: ['CVE-2021-23337'],
    package: { name: 'lodash', ecosystem: 'npm' },
    version: '4.17.20',
    severity: 'HIGH',
    source: 'osv-scanner',
  });
  assert.equal(scan.findings[1]?.severity, 'MEDIUM'); // GHSA "MODERATE"
  assert.deepEqual(scan.findings[2], {
    advisoryId: 'GO-2023-1988',
    aliases: ['CVE-2023-3978', 'GHSA-2wrh-6pvc-2jm9'],
    package: { name: 'golang.org/x/net', ecosystem: 'Go' },
    version: '0.7.0',
    severity: 'MEDIUM', // from the group's max_severity 6.1
    source: 'osv-scanner',
  });
});

test('Trivy JSON: findings with purl, ecosystem, vendor ids as aliases and severity', () => {
  const { scan } = parseEvidence('scan', utf8(TRIVY_REPORT));
  assert.equal(scan.scanner, 'trivy');
  assert.equal(scan.findings.length, 3);
  assert.deepEqual(scan.findings[0], {
    advisoryId: 'CVE-2021-36159',
    aliases: [],
    package: {
      name: 'apk-tools',
      ecosystem: 'apk',
      purl: 'pkg:apk/alpine/apk-tools@2.12.5-r0?arch=x86_64&distro=3.13.5',
    },
    version: '2.12.5-r0',
    severity: 'CRITICAL',
    source: 'trivy',
  });
  assert.deepEqual(scan.findings[1]?.aliases, ['GHSA-c2qf-rxjj-qqgw']);
  assert.equal(scan.findings[1]?.package.ecosystem, 'npm');
  assert.equal(scan.findings[2]?.severity, 'UNKNOWN');
  assert.equal(scan.findings[2]?.package.ecosystem, 'npm'); // no purl: the result's Type
});

test('SARIF 2.1.0: findings tagged with the tool, package and version from Trivy message lines', () => {
  const { scan } = parseEvidence('scan', utf8(TRIVY_SARIF));
  assert.equal(scan.scanner, 'sarif:Trivy');
  assert.deepEqual(scan.findings[0], {
    advisoryId: 'CVE-2021-36159',
    aliases: [],
    package: { name: 'apk-tools' },
    version: '2.12.5-r0',
    severity: 'CRITICAL',
    source: 'sarif:Trivy',
  });
  assert.equal(scan.findings[1]?.severity, 'MEDIUM'); // from the rule's tags
});

test('SARIF from other tools: advisory id out of a Grype-style rule id, package from the location', () => {
  const log = {
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'grype',
            rules: [{ id: 'CVE-2021-23337-lodash', properties: { 'security-severity': '7.2' } }],
          },
        },
        results: [
          {
            ruleId: 'CVE-2021-23337-lodash',
            message: { text: 'A high vulnerability in npm package: lodash' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'package-lock.json' } } }],
          },
        ],
      },
    ],
  };
  const { scan } = parseEvidence('scan', utf8(log));
  assert.deepEqual(scan.findings, [
    {
      advisoryId: 'CVE-2021-23337',
      aliases: [],
      package: { name: 'package-lock.json' },
      severity: 'HIGH',
      source: 'sarif:grype',
    },
  ]);
});

const BAD: Array<[string, unknown, EvidenceErrorCode, string]> = [
  ['not a report', { foo: 1 }, 'UNKNOWN_FORMAT', '/'],
  ['SARIF 2.0', { ...TRIVY_SARIF, version: '2.0.0' }, 'UNSUPPORTED_SPEC_VERSION', '/version'],
  ['SARIF run without tool', { version: '2.1.0', runs: [{ results: [] }] }, 'SCHEMA_VIOLATION', '/runs/0'],
  ['Trivy SchemaVersion 1', { ...TRIVY_REPORT, SchemaVersion: 1 }, 'UNSUPPORTED_SPEC_VERSION', '/SchemaVersion'],
  [
    'Trivy vulnerability without id',
    { SchemaVersion: 2, Results: [{ Vulnerabilities: [{ PkgName: 'x' }] }] },
    'SCHEMA_VIOLATION',
    '/Results/0/Vulnerabilities/0',
  ],
  [
    'osv-scanner package without name',
    { results: [{ packages: [{ package: { version: '1' } }] }] },
    'SCHEMA_VIOLATION',
    '/results/0/packages/0/package',
  ],
  [
    'osv-scanner id not a string',
    { results: [{ packages: [{ package: { name: 'x' }, vulnerabilities: [{ id: 7 }] }] }] },
    'SCHEMA_VIOLATION',
    '/results/0/packages/0/vulnerabilities/0/id',
  ],
];
for (const [name, doc, code, path] of BAD) {
  test(`bad scan: ${name} → ${code}`, () => {
    throwsEvidence(() => parseEvidence('scan', utf8(doc)), code, { path });
  });
}

test('property: mutated scan reports yield findings or an EvidenceError', () => {
  const texts = [OSV_SCANNER_REPORT, TRIVY_REPORT, TRIVY_SARIF].map((r) => JSON.stringify(r));
  fc.assert(
    fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.string({ maxLength: 3 }), (text, cut, at, insert) => {
      const i = at % text.length;
      const mutated = (text.slice(0, i) + insert + text.slice(i + 1)).slice(0, 1 + (cut % text.length));
      try {
        parseEvidence('scan', mutated);
      } catch (e) {
        assert.ok(e instanceof EvidenceError, `unexpected ${String(e)}`);
      }
    }),
    { numRuns: 500 },
  );
});

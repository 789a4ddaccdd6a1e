/**
 * Small scan reports in the tools' real output shapes, written for these tests (no shared data has
 * scanner output): osv-scanner v2 `--format json` (docs/output.md), Trivy `--format json` SchemaVersion 2
 * (pkg/types/report.go) and Trivy `--format sarif` (pkg/report/sarif.go). Advisory ids are real.
 */
export const OSV_SCANNER_REPORT = {
  results: [
    {
      source: { path: '/src/app/package-lock.json', type: 'lockfile' },
      packages: [
        {
          package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
          vulnerabilities: [
            {
              modified: '2024-02-21T21:22:31Z',
              published: '2021-02-15T21:05:31Z',
              schema_version: '1.6.0',
              id: 'GHSA-35jh-r3h4-6jhm',
              aliases: ['CVE-2021-23337'],
              summary: 'Command Injection in lodash',
              affected: [
                {
                  package: { ecosystem: 'npm', name: 'lodash' },
                  ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
                },
              ],
              severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
              database_specific: { severity: 'HIGH', github_reviewed: true, cwe_ids: ['CWE-77', 'CWE-94'] },
            },
            {
              id: 'GHSA-29mw-wpgm-hmr9',
              aliases: ['CVE-2020-28500'],
              summary: 'Regular Expression Denial of Service (ReDoS) in lodash',
              database_specific: { severity: 'MODERATE' },
            },
          ],
          groups: [
            {
              ids: ['GHSA-35jh-r3h4-6jhm', 'CVE-2021-23337'],
              aliases: ['GHSA-35jh-r3h4-6jhm', 'CVE-2021-23337'],
              max_severity: '7.2',
            },
            {
              ids: ['GHSA-29mw-wpgm-hmr9', 'CVE-2020-28500'],
              aliases: ['GHSA-29mw-wpgm-hmr9', 'CVE-2020-28500'],
              max_severity: '5.3',
            },
          ],
        },
        {
          package: { name: 'golang.org/x/net', version: '0.7.0', ecosystem: 'Go' },
          vulnerabilities: [{ id: 'GO-2023-1988', aliases: ['CVE-2023-3978', 'GHSA-2wrh-6pvc-2jm9'] }],
          groups: [{ ids: ['GO-2023-1988', 'CVE-2023-3978', 'GHSA-2wrh-6pvc-2jm9'], max_severity: '6.1' }],
        },
      ],
    },
  ],
  experimental_config: { licenses: { summary: false, allowlist: null } },
};

export const TRIVY_REPORT = {
  SchemaVersion: 2,
  CreatedAt: '2024-05-02T10:11:12.123456789Z',
  ArtifactName: 'registry.example/acme/api:1.4.2',
  ArtifactType: 'container_image',
  Metadata: { OS: { Family: 'alpine', Name: '3.13.5' }, ImageID: 'sha256:' + '1'.repeat(64) },
  Results: [
    {
      Target: 'registry.example/acme/api:1.4.2 (alpine 3.13.5)',
      Class: 'os-pkgs',
      Type: 'alpine',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2021-36159',
          PkgID: 'apk-tools@2.12.5-r0',
          PkgName: 'apk-tools',
          PkgIdentifier: { PURL: 'pkg:apk/alpine/apk-tools@2.12.5-r0?arch=x86_64&distro=3.13.5', UID: 'c3f8a2' },
          InstalledVersion: '2.12.5-r0',
          FixedVersion: '2.12.6-r0',
          Status: 'fixed',
          SeveritySource: 'nvd',
          PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2021-36159',
          Title: 'libfetch: an out of bounds read',
          Severity: 'CRITICAL',
          CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H', V3Score: 9.1 } },
        },
      ],
    },
    {
      Target: 'app/package-lock.json',
      Class: 'lang-pkgs',
      Type: 'npm',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2022-25883',
          VendorIDs: ['GHSA-c2qf-rxjj-qqgw'],
          PkgName: 'semver',
          PkgIdentifier: { PURL: 'pkg:npm/semver@7.3.7' },
          InstalledVersion: '7.3.7',
          FixedVersion: '7.5.2, 6.3.1, 5.7.2',
          Severity: 'MEDIUM',
        },
        { VulnerabilityID: 'CVE-2099-0001', PkgName: 'mystery', InstalledVersion: '1.0.0', Severity: 'UNKNOWN' },
      ],
    },
    { Target: 'app/node_modules/x/package.json', Class: 'lang-pkgs', Type: 'node-pkg' },
  ],
};

export const TRIVY_SARIF = {
  version: '2.1.0',
  $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
  runs: [
    {
      tool: {
        driver: {
          fullName: 'Trivy Vulnerability Scanner',
          informationUri: 'https://github.com/aquasecurity/trivy',
          name: 'Trivy',
          rules: [
            {
              id: 'CVE-2021-36159',
              name: 'OsPackageVulnerability',
              shortDescription: { text: 'libfetch: an out of bounds read' },
              properties: {
                precision: 'very-high',
                'security-severity': '9.1',
                tags: ['vulnerability', 'security', 'CRITICAL'],
              },
            },
            {
              id: 'CVE-2022-25883',
              name: 'LanguageSpecificPackageVulnerability',
              properties: { tags: ['vulnerability', 'security', 'MEDIUM'] },
            },
          ],
          version: '0.50.1',
        },
      },
      results: [
        {
          ruleId: 'CVE-2021-36159',
          ruleIndex: 0,
          level: 'error',
          message: {
            text: 'Package: apk-tools\nInstalled Version: 2.12.5-r0\nVulnerability CVE-2021-36159\nSeverity: CRITICAL\nFixed Version: 2.12.6-r0\nLink: [CVE-2021-36159](https://avd.aquasec.com/nvd/cve-2021-36159)',
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'registry.example/acme/api', uriBaseId: 'ROOTPATH' },
                region: { startLine: 1 },
              },
            },
          ],
        },
        {
          ruleId: 'CVE-2022-25883',
          ruleIndex: 1,
          level: 'warning',
          message: {
            text: 'Package: semver\nInstalled Version: 7.3.7\nVulnerability CVE-2022-25883\nSeverity: MEDIUM\nFixed Version: 7.5.2\nLink: [CVE-2022-25883](https://avd.aquasec.com/nvd/cve-2022-25883)',
          },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'app/package-lock.json' } } }],
        },
      ],
      columnKind: 'utf16CodeUnits',
    },
  ],
};

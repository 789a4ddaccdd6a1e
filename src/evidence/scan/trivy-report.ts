import type { Finding } from '../../domain/evidence.js';
import { EvidenceError } from '../evidence-error.js';
import { schemaValidator } from '../../formats/json-schema.js';
import { checkSchema } from '../schema-check.js';
import { severityFromLabel } from './scan-severity.js';

/** Trivy `--format json`, SchemaVersion 2 (pkg/types/report.go): `Results[].Vulnerabilities[]`. Fields we read. */
const validator = schemaValidator({
  type: 'object',
  required: ['SchemaVersion'],
  properties: {
    SchemaVersion: { type: 'integer' },
    Results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          Target: { type: 'string' },
          Type: { type: 'string' },
          Vulnerabilities: {
            type: 'array',
            items: {
              type: 'object',
              required: ['VulnerabilityID', 'PkgName'],
              properties: {
                VulnerabilityID: { type: 'string' },
                VendorIDs: { type: 'array', items: { type: 'string' } },
                PkgName: { type: 'string' },
                PkgIdentifier: { type: 'object', properties: { PURL: { type: 'string' } } },
                InstalledVersion: { type: 'string' },
                Severity: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
});

interface TrivyVulnerability {
  VulnerabilityID: string;
  VendorIDs?: string[];
  PkgName: string;
  PkgIdentifier?: { PURL?: string };
  InstalledVersion?: string;
  Severity?: string;
}

export function isTrivyReport(doc: Record<string, unknown>): boolean {
  return 'SchemaVersion' in doc && ('Results' in doc || 'ArtifactName' in doc);
}

/** One finding per reported vulnerability; the ecosystem is the purl type, else the result's Type. */
export function trivyFindings(doc: unknown): Finding[] {
  const version = (doc as { SchemaVersion?: unknown } | null)?.SchemaVersion;
  if (version !== 2) {
    throw new EvidenceError(
      'UNSUPPORTED_SPEC_VERSION',
      `Trivy SchemaVersion ${JSON.stringify(version)?.slice(0, 20)} is not supported (2)`,
      { path: '/SchemaVersion' },
    );
  }
  checkSchema(validator, doc, 'Trivy report');
  const findings: Finding[] = [];
  for (const result of (doc as { Results?: Array<{ Type?: string; Vulnerabilities?: TrivyVulnerability[] }> })
    .Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      const purl = v.PkgIdentifier?.PURL;
      const ecosystem = purl?.startsWith('pkg:')
        ? purl.slice(4, purl.indexOf('/') > 4 ? purl.indexOf('/') : undefined)
        : result.Type;
      const finding: Finding = {
        advisoryId: v.VulnerabilityID,
        aliases: (v.VendorIDs ?? []).filter((id) => id !== v.VulnerabilityID),
        package: { name: v.PkgName, ...(ecosystem ? { ecosystem } : {}), ...(purl ? { purl } : {}) },
        source: 'trivy',
      };
      if (v.InstalledVersion !== undefined) finding.version = v.InstalledVersion;
      const severity = severityFromLabel(v.Severity);
      if (severity !== undefined) finding.severity = severity;
      findings.push(finding);
    }
  }
  return findings;
}

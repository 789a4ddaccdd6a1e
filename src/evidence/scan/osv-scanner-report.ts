import type { Finding } from '../../domain/evidence.js';
import { schemaValidator } from '../../formats/json-schema.js';
import { checkSchema } from '../schema-check.js';
import { severityFromLabel, severityFromScoreText } from './scan-severity.js';

/**
 * osv-scanner `--format json` (v1 and v2): `results[].packages[]` each with `package`, the OSV
 * records in `vulnerabilities`, and `groups` (aliases merged, `max_severity` as a CVSS score string).
 * No official JSON schema is published; this one covers exactly the fields we read.
 */
/**
 * Every alias of a group is copied onto each of its findings, so both lists are capped: real groups
 * hold a handful of ids, and an attacker's 40k-id group over 40k records would build 1.6e9 entries.
 */
const MAX_ALIASES = 256;

const validator = schemaValidator({
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          packages: {
            type: 'array',
            items: {
              type: 'object',
              required: ['package'],
              properties: {
                package: {
                  type: 'object',
                  required: ['name'],
                  properties: {
                    name: { type: 'string' },
                    version: { type: 'string' },
                    ecosystem: { type: 'string' },
                    purl: { type: 'string' },
                  },
                },
                vulnerabilities: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id'],
                    properties: {
                      id: { type: 'string' },
                      aliases: { type: 'array', maxItems: MAX_ALIASES, items: { type: 'string' } },
                    },
                  },
                },
                groups: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      ids: { type: 'array', maxItems: MAX_ALIASES, items: { type: 'string' } },
                      max_severity: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

interface OsvPackage {
  package: { name: string; version?: string; ecosystem?: string; purl?: string };
  vulnerabilities?: Array<{ id: string; aliases?: string[]; database_specific?: { severity?: unknown } }>;
  groups?: OsvGroup[];
}
interface OsvGroup {
  ids?: string[];
  max_severity?: string;
}

export function isOsvScannerReport(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.results) && !('Results' in doc) && !('runs' in doc);
}

/** One finding per (package, OSV record). Severity: the record's own label, else its group's max CVSS score. */
export function osvScannerFindings(doc: unknown): Finding[] {
  checkSchema(validator, doc, 'osv-scanner report');
  const findings: Finding[] = [];
  for (const result of (doc as { results: Array<{ packages?: OsvPackage[] }> }).results) {
    for (const p of result.packages ?? []) {
      const groups = groupsById(p.groups ?? []);
      for (const v of p.vulnerabilities ?? []) {
        const group = groups.get(v.id);
        const severity = severityFromLabel(v.database_specific?.severity) ?? severityFromScoreText(group?.max_severity);
        const finding: Finding = {
          advisoryId: v.id,
          aliases: [...new Set([...(v.aliases ?? []), ...(group?.ids ?? [])])].filter((id) => id !== v.id),
          package: {
            name: p.package.name,
            ...(p.package.ecosystem ? { ecosystem: p.package.ecosystem } : {}),
            ...(p.package.purl ? { purl: p.package.purl } : {}),
          },
          source: 'osv-scanner',
        };
        if (p.package.version !== undefined) finding.version = p.package.version;
        if (severity !== undefined) finding.severity = severity;
        findings.push(finding);
      }
    }
  }
  return findings;
}

/**
 * Each id → the first group naming it, built once per package: both lists are attacker-sized, and
 * a search of every group per record would be quadratic in them.
 */
function groupsById(groups: readonly OsvGroup[]): Map<string, OsvGroup> {
  const byId = new Map<string, OsvGroup>();
  for (const g of groups) for (const id of g.ids ?? []) if (!byId.has(id)) byId.set(id, g);
  return byId;
}

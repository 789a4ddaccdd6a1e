import type { Finding } from '../../domain/evidence.js';
import { EvidenceError } from '../evidence-error.js';
import { schemaValidator } from '../../formats/json-schema.js';
import { checkSchema } from '../schema-check.js';
import { severityFromLabel, severityFromScoreText } from './scan-severity.js';

/**
 * SARIF 2.1.0 (OASIS sarif-v2.1.0 §3.13 sarifLog, §3.14 run, §3.27 result), the fields we read.
 * The official schema is 200 KB of draft-04 with no npm package shipping it; this subset fails
 * closed on every field we use.
 */
const validator = schemaValidator({
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    version: { type: 'string' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: { type: 'object', properties: { id: { type: 'string' }, properties: { type: 'object' } } },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                message: { type: 'object', properties: { text: { type: 'string' } } },
                locations: { type: 'array' },
                properties: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
});

interface SarifRule {
  id?: string;
  properties?: { 'security-severity'?: unknown; tags?: unknown };
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  message?: { text?: string };
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: unknown } } }>;
}
interface SarifRun {
  tool: { driver: { name: string; rules?: SarifRule[] } };
  results?: SarifResult[];
}

/** Advisory identifiers a vulnerability scanner puts in a rule id (Grype: `CVE-2021-23337-lodash`). */
const ADVISORY_ID =
  /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|GO-\d{4}-\d{4,}|PYSEC-\d{4}-\d+|RUSTSEC-\d{4}-\d{4})\b/;

export function isSarifLog(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.runs) && typeof doc.version === 'string';
}

/** One finding per result, tagged `sarif:<tool>`. Package and version come from Trivy-style message lines when given. */
export function sarifFindings(doc: unknown): Finding[] {
  const version = (doc as { version?: unknown } | null)?.version;
  if (version !== '2.1.0') {
    throw new EvidenceError(
      'UNSUPPORTED_SPEC_VERSION',
      `SARIF version ${JSON.stringify(version)?.slice(0, 20)} is not supported (2.1.0)`,
      { path: '/version' },
    );
  }
  checkSchema(validator, doc, 'SARIF log');
  const findings: Finding[] = [];
  for (const run of (doc as { runs: SarifRun[] }).runs) {
    const rules = run.tool.driver.rules ?? [];
    const rulesById = firstRuleById(rules);
    for (const result of run.results ?? []) {
      const rule =
        (result.ruleId === undefined ? undefined : rulesById.get(result.ruleId)) ??
        (result.ruleIndex === undefined ? undefined : rules[result.ruleIndex]);
      const ruleId = result.ruleId ?? rule?.id ?? 'unknown-rule';
      const text = result.message?.text ?? '';
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      const finding: Finding = {
        advisoryId: ADVISORY_ID.exec(ruleId)?.[1] ?? ruleId,
        aliases: [],
        package: { name: /^Package: (.+)$/m.exec(text)?.[1]?.trim() ?? (typeof uri === 'string' ? uri : ruleId) },
        source: `sarif:${run.tool.driver.name}`,
      };
      const installed = /^Installed Version: (.+)$/m.exec(text)?.[1]?.trim();
      if (installed !== undefined) finding.version = installed;
      const severity =
        severityFromScoreText(rule?.properties?.['security-severity']) ??
        tagSeverity(rule?.properties?.tags) ??
        severityFromLabel(/^Severity: (\w+)$/m.exec(text)?.[1]);
      if (severity !== undefined) finding.severity = severity;
      findings.push(finding);
    }
  }
  return findings;
}

/** Trivy tags its rules `["vulnerability", "security", "HIGH"]`. */
function tagSeverity(tags: unknown): Finding['severity'] {
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) {
    const s = severityFromLabel(tag);
    if (s !== undefined && s !== 'UNKNOWN') return s;
  }
  return undefined;
}

/** Rule id → the first rule with that id, built once per run (rules and results are attacker-sized; a search per result is quadratic). */
function firstRuleById(rules: readonly SarifRule[]): Map<string, SarifRule> {
  const byId = new Map<string, SarifRule>();
  for (const r of rules) if (r.id !== undefined && !byId.has(r.id)) byId.set(r.id, r);
  return byId;
}

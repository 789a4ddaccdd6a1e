import type { GateMode, GateName } from '../domain/decision.js';
import type { Severity } from '../domain/evidence.js';
import { DURATION_PATTERN, POSITIVE_DURATION_PATTERN } from './duration.js';

/** Normalized gates.yaml: every gate an object with its mode and parameters filled in. */
export interface Gates {
  version: 1;
  environments: Record<string, string>;
  profiles: Record<string, Profile>;
  waivers: { max_ttl: string; remind_before: string };
  /** Which gates an open SEV-1 bypass covers (absent: every gate but promotable). */
  bypass?: { gates: GateName[] };
}

export type Profile = Partial<Record<GateName, GateConfig>>;

export type GateConfig = { mode: GateMode } | VulnerabilitiesGateConfig | SloBurnRateGateConfig;

export interface VulnerabilitiesGateConfig {
  mode: GateMode;
  block: Severity[];
  unknown_severity: Severity;
  /** Advisories synced longer ago than this deny with VULN_DATA_STALE (a duration like `24h`). */
  max_advisory_age?: string;
}

export interface SloBurnRateGateConfig {
  mode: GateMode;
  max: number;
  /** PromQL returning one burn-rate value; `{digest}` and `{env}` are substituted. */
  query?: string;
}

const MODES = ['off', 'advisory', 'enforce'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'];

/** A gate written as a bare mode string, or an object with `mode` and the given parameters. */
function gate(params: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    if: { type: 'string' },
    then: { enum: MODES },
    else: {
      type: 'object',
      additionalProperties: false,
      required: ['mode'],
      properties: { mode: { enum: MODES }, ...params },
    },
  };
}

/** JSON Schema (draft-07) of gates.yaml; also published as `mc gates schema`. */
export const GATES_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://maestro-conductor.dev/schemas/gates-v1.json',
  title: 'Maestro Conductor gates.yaml',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'environments', 'profiles'],
  properties: {
    version: { const: 1 },
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z0-9][a-z0-9_.-]{0,62}$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
    profiles: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          sbom: gate(),
          signatures: gate(),
          provenance: gate(),
          vulnerabilities: gate({
            block: { type: 'array', items: { enum: SEVERITIES }, uniqueItems: true },
            unknown_severity: { enum: SEVERITIES },
            max_advisory_age: { type: 'string', pattern: POSITIVE_DURATION_PATTERN },
          }),
          slo_burn_rate: gate({
            max: { type: 'number', exclusiveMinimum: 0 },
            query: { type: 'string', minLength: 1 },
          }),
          approvals: gate(),
          promotable: gate(),
        },
      },
    },
    waivers: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_ttl: { type: 'string', pattern: DURATION_PATTERN },
        remind_before: { type: 'string', pattern: DURATION_PATTERN },
      },
    },
    bypass: {
      type: 'object',
      additionalProperties: false,
      properties: {
        gates: {
          type: 'array',
          uniqueItems: true,
          items: {
            enum: ['sbom', 'signatures', 'provenance', 'vulnerabilities', 'slo_burn_rate', 'approvals', 'promotable'],
          },
        },
      },
    },
  },
} as const;

/** What `mc init` writes: DESIGN.md's canonical gates.yaml. */
export const DEFAULT_GATES_YAML = `# Maestro Conductor gates: one profile per kind of environment, each gate off | advisory | enforce.
# advisory failures are reported but never deny; enforce failures always deny.
version: 1
environments:            # environment name -> profile
  dev: dev
  staging: prod
  prod: prod
profiles:
  dev:
    sbom: advisory
    signatures: advisory
    provenance: off
    vulnerabilities: { mode: advisory, block: [CRITICAL], unknown_severity: HIGH }
    slo_burn_rate: { mode: advisory, max: 3.0 }
  prod:
    sbom: enforce
    signatures: enforce
    provenance: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
    slo_burn_rate: { mode: enforce, max: 2.0 }
    promotable: enforce
waivers:
  max_ttl: 30d
`;

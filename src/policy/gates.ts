import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { keyPath, schemaValidator, type SchemaIssue } from '../formats/json-schema.js';
import { GATE_NAMES, type GateName } from '../domain/decision.js';
import type { Severity } from '../domain/evidence.js';
import { GATES_SCHEMA, type GateConfig, type Gates, type Profile } from './gates-schema.js';
import { PolicyError, type LintIssue } from './policy-error.js';
import type { YamlSource } from '../formats/yaml-source.js';
import { lintSource } from './policy-yaml.js';

/** gates.yaml is linted: every issue, each with file:line:column. */
const gatesSchema = schemaValidator(GATES_SCHEMA, { allErrors: true });

/** A loaded gates.yaml: the normalized document and its policy hash. */
export interface LoadedGates {
  gates: Gates;
  /** sha256 over the RFC 8785 canonical JSON of the normalized document. */
  policyHash: string;
  warnings: LintIssue[];
}

/** Parses and checks gates.yaml; throws PolicyError with every issue (file:line:column) when invalid. */
export function loadGates(text: string | Uint8Array, file = 'policy/data/gates.yaml'): LoadedGates {
  const { issues, gates, unreadable } = lintGatesText(text, file);
  if (unreadable) throw unreadable; // not YAML at all: its own code (syntax, encoding, alias limit)
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || !gates) {
    const first = errors[0]!;
    throw new PolicyError(
      'POLICY_INVALID',
      `${file}: ${errors.length} error(s); first: ${first.line}:${first.column} ${first.message}`,
      {
        issues,
        path: `${file}:${first.line}:${first.column}`,
      },
    );
  }
  return { gates, policyHash: policyHashOf(gates), warnings: issues };
}

/**
 * Every problem in a gates.yaml, errors and warnings, each with line, column and a hint.
 * `unreadable`: the text is not a YAML document we can read at all (its issues are in `issues`).
 */
export function lintGatesText(
  text: string | Uint8Array,
  file: string,
): { issues: LintIssue[]; gates?: Gates; unreadable?: PolicyError } {
  const read = lintSource(text, file);
  if (!('source' in read)) return read;
  const { source } = read;
  const value = source.toJS();
  const schemaIssues = gatesSchema.issues(value);
  if (schemaIssues.length > 0) return { issues: schemaIssues.map((e) => toIssue(source, e)) };
  const raw = value as RawGates;
  const issues: LintIssue[] = [];
  for (const [env, profile] of Object.entries(raw.environments)) {
    if (!(profile in raw.profiles)) {
      const at = source.position(`/environments/${escapePointer(env)}`);
      issues.push({
        file,
        ...at,
        severity: 'error',
        path: `/environments/${env}`,
        message: `environment "${env}" names profile "${profile}", which is not defined`,
        hint: `define it under profiles: or use one of ${Object.keys(raw.profiles).join(', ')}`,
      });
    }
  }
  const used = new Set(Object.values(raw.environments));
  for (const name of Object.keys(raw.profiles)) {
    if (!used.has(name)) {
      issues.push({
        file,
        ...source.position(`/profiles/${escapePointer(name)}`, true),
        severity: 'warning',
        path: `/profiles/${name}`,
        message: `profile "${name}" is not used by any environment`,
      });
    }
  }
  return { issues, gates: normalize(raw) };
}

export function policyHashOf(gates: Gates): string {
  return (
    'sha256:' +
    createHash('sha256')
      .update(canonicalize(gates) ?? '')
      .digest('hex')
  );
}

/** The profile an environment uses; an unknown environment is an input error, never a default. */
export function profileFor(gates: Gates, env: string): { name: string; profile: Profile } {
  const name = Object.hasOwn(gates.environments, env) ? gates.environments[env] : undefined;
  if (name === undefined) {
    throw new PolicyError(
      'ENVIRONMENT_UNKNOWN',
      `unknown environment "${env}"; gates.yaml defines ${Object.keys(gates.environments).join(', ')}`,
      { path: 'env' },
    );
  }
  return { name, profile: gates.profiles[name]! };
}

type RawGate = string | ({ mode: string } & Record<string, unknown>);
interface RawGates {
  version: 1;
  environments: Record<string, string>;
  profiles: Record<string, Partial<Record<GateName, RawGate>>>;
  waivers?: { max_ttl?: string; remind_before?: string };
  bypass?: { gates?: GateName[] };
}

function normalize(raw: RawGates): Gates {
  const profiles: Record<string, Profile> = {};
  for (const [name, p] of Object.entries(raw.profiles)) {
    const profile: Profile = {};
    for (const gate of GATE_NAMES) {
      const g = p[gate];
      if (g !== undefined) profile[gate] = normalizeGate(gate, g);
    }
    profiles[name] = profile;
  }
  return {
    version: 1,
    environments: { ...raw.environments },
    profiles,
    waivers: { max_ttl: raw.waivers?.max_ttl ?? '30d', remind_before: raw.waivers?.remind_before ?? '48h' },
    // Only when written: a policy without it keeps its hash (and every decision recorded under it).
    ...(raw.bypass ? { bypass: { gates: raw.bypass.gates ?? [...DEFAULT_BYPASSABLE] } } : {}),
  };
}

/** Without a `bypass:` section a SEV-1 bypass covers every gate except promotable (a revoked digest stays revoked). */
export const DEFAULT_BYPASSABLE: readonly GateName[] = GATE_NAMES.filter((g) => g !== 'promotable');

/** The gates an open bypass reports `bypassed` under this policy. */
export function bypassableGates(gates: Gates): readonly GateName[] {
  return gates.bypass?.gates ?? DEFAULT_BYPASSABLE;
}

function normalizeGate(gate: GateName, g: RawGate): GateConfig {
  const obj: Record<string, unknown> = typeof g === 'string' ? { mode: g } : g;
  const mode = obj.mode as GateConfig['mode'];
  if (gate === 'vulnerabilities') {
    const maxAge = obj.max_advisory_age as string | undefined;
    return {
      mode,
      block: (obj.block as Severity[] | undefined) ?? ['CRITICAL', 'HIGH'],
      unknown_severity: (obj.unknown_severity as Severity | undefined) ?? 'HIGH',
      ...(maxAge === undefined ? {} : { max_advisory_age: maxAge }),
    };
  }
  if (gate === 'slo_burn_rate') {
    const query = obj.query as string | undefined;
    return query === undefined
      ? { mode, max: (obj.max as number | undefined) ?? 2 }
      : { mode, max: (obj.max as number | undefined) ?? 2, query };
  }
  return { mode };
}

function toIssue(source: YamlSource, e: SchemaIssue): LintIssue {
  const base = { file: source.file, severity: 'error' as const };
  if (e.keyword === 'additionalProperties' && e.key !== undefined) {
    const path = keyPath(e);
    return {
      ...base,
      ...source.position(path, true),
      path,
      message: `unknown key "${e.key}"`,
      hint: unknownKeyHint(e.key, allowedKeys(e.schemaPath)),
    };
  }
  if (e.keyword === 'required') {
    return { ...base, ...source.position(e.path), path: e.path, message: `missing required key "${e.key}"` };
  }
  const at = source.position(e.path);
  const hint =
    e.keyword === 'enum'
      ? `one of ${(e.params.allowedValues as unknown[]).join(', ')}`
      : e.keyword === 'pattern' && (e.path.startsWith('/waivers') || e.path.endsWith('/max_advisory_age'))
        ? 'a duration like 30d, 48h or 90m'
        : e.keyword === 'propertyNames'
          ? 'lowercase letters, digits, "_", "." and "-"'
          : undefined;
  return { ...base, ...at, path: e.path, message: `${e.path || '/'} ${e.reason}`, ...(hint ? { hint } : {}) };
}

/**
 * A key valid somewhere else in gates.yaml but not where it stands (a misplaced key, usually a
 * wrong indent) is told where it belongs; otherwise the nearest allowed key is suggested. The
 * hint never suggests the rejected key itself.
 */
function unknownKeyHint(key: string, allowed: string[]): string {
  const here = allowed.filter((k) => k !== key);
  const list = `allowed here: ${here.join(', ')}`;
  const home = KEY_HOMES.get(key);
  if (home !== undefined) return `"${key}" belongs ${home}, not here (check the indentation); ${list}`;
  const near = closest(key, here);
  return near ? `did you mean "${near}"?` : list;
}

/** Where each key of the schema is valid, for "belongs …" hints; derived from GATES_SCHEMA. */
const KEY_HOMES: ReadonlyMap<string, string> = (() => {
  const root = GATES_SCHEMA.properties;
  const gates = root.profiles.additionalProperties.properties as unknown as Record<
    string,
    { else: { properties: Record<string, unknown> } }
  >;
  const homes = new Map<string, string>();
  for (const k of Object.keys(root)) homes.set(k, 'at the top level');
  for (const k of Object.keys(root.waivers.properties)) homes.set(k, 'under waivers:');
  for (const k of Object.keys(gates)) homes.set(k, 'in a profile, under profiles: <name>:');
  const inGates = new Map<string, string[]>();
  for (const [gate, schema] of Object.entries(gates))
    for (const k of Object.keys(schema.else.properties)) inGates.set(k, [...(inGates.get(k) ?? []), gate]);
  for (const [k, names] of inGates) {
    homes.set(
      k,
      names.length === Object.keys(gates).length
        ? `inside a gate, as in "sbom: { ${k}: enforce }"`
        : `inside the ${names.join(' or ')} gate, as in "${names[0]}: { mode: enforce, ${k}: … }"`,
    );
  }
  return homes;
})();

function allowedKeys(schemaPath: string): string[] {
  // Walk the schema along the error's schema path to the object that rejected the key.
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = GATES_SCHEMA;
  for (const p of parts) node = (node as Record<string, unknown>)?.[p];
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function escapePointer(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}

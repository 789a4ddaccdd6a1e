import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { schemaValidator } from '../formats/json-schema.js';
import type { PolicyError, LintIssue } from '../policy/policy-error.js';
import { lintSource } from '../policy/policy-yaml.js';
import type { AccessAction } from './access-action.js';
import { AccessError } from './access-error.js';
import { ACCESS_SCHEMA, type ViewName } from './access-schema.js';
import { compileNamePattern } from './name-pattern.js';

export interface AccessRule {
  id: string;
  effect: 'allow' | 'deny';
  /** Any of these roles (`*`: any principal). */
  roles: readonly string[];
  actions: readonly (AccessAction | '*')[];
  team?: 'own' | readonly string[];
  environments?: readonly string[];
  sensitivity?: readonly string[];
}

/** A loaded access.yaml: normalized, and its hash (`accessPolicyHash` in decisions). */
export interface AccessPolicy {
  version: 1;
  teams: Readonly<Record<string, readonly string[]>>;
  sensitivity: Readonly<Record<string, string>>;
  rules: readonly AccessRule[];
  views: Partial<Record<ViewName, Readonly<Record<string, readonly string[]>>>>;
  stepUp: { environments?: readonly string[]; maxAgeMs: number };
  /** sha256 over the RFC 8785 canonical JSON of the normalized document. */
  hash: string;
}

const validator = schemaValidator(ACCESS_SCHEMA, { allErrors: true });
const STEP_UP_LIMIT_MS = 5 * 60 * 1000;

/** Parses and lints access.yaml; throws AccessError ACCESS_POLICY_INVALID with every issue. */
export function loadAccessPolicy(text: string | Uint8Array, file = 'policy/data/access.yaml'): AccessPolicy {
  const { issues, policy, unreadable } = lintAccessText(text, file);
  if (unreadable)
    throw new AccessError('ACCESS_POLICY_UNREADABLE', unreadable.message, {
      kind: 'invalid',
      issues: unreadable.issues,
      ...(unreadable.path ? { path: unreadable.path } : {}),
    });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || !policy) {
    const first = errors[0]!;
    throw new AccessError(
      'ACCESS_POLICY_INVALID',
      `${file}: ${errors.length} error(s); first: ${first.line}:${first.column} ${first.message}`,
      { issues, path: `${file}:${first.line}:${first.column}` },
    );
  }
  return policy;
}

/** Every problem in an access.yaml (schema, then meaning), each with line and column. */
export function lintAccessText(
  text: string | Uint8Array,
  file: string,
): { issues: LintIssue[]; policy?: AccessPolicy; unreadable?: PolicyError } {
  const read = lintSource(text, file);
  if (!('source' in read)) return read;
  const { source } = read;
  const value = source.toJS();
  const at = (path: string, message: string, hint?: string): LintIssue => ({
    file,
    ...source.position(path),
    severity: 'error',
    path,
    message,
    ...(hint ? { hint } : {}),
  });
  const schemaIssues = validator.issues(value);
  if (schemaIssues.length > 0)
    return {
      issues: schemaIssues.map((e) =>
        at(e.key === undefined ? e.path : `${e.path}/${e.key}`, `${e.path || '/'} ${e.reason}`),
      ),
    };
  const raw = value as RawAccess;
  const issues: LintIssue[] = [];
  const teams = raw.teams ?? {};
  const ids = new Set<string>();
  for (const [i, r] of raw.rules.entries()) {
    if (ids.has(r.id)) issues.push(at(`/rules/${i}/id`, `rule id "${r.id}" is used twice`));
    ids.add(r.id);
    if (Array.isArray(r.team))
      for (const [j, t] of r.team.entries())
        if (!Object.hasOwn(teams, t))
          issues.push(
            at(`/rules/${i}/team/${j}`, `team "${t}" is not defined under teams:`, 'define its name patterns'),
          );
    if (r.team === 'own' && (r.effect ?? 'allow') === 'deny')
      issues.push(at(`/rules/${i}/team`, 'a deny rule cannot use team: own', 'list the teams it denies'));
  }
  for (const [t, patterns] of Object.entries(teams))
    for (const [j, p] of patterns.entries()) {
      try {
        compileNamePattern(p);
      } catch (e) {
        issues.push(at(`/teams/${t}/${j}`, (e as Error).message));
      }
    }
  const maxAgeMs = durationMs(raw.step_up?.max_age ?? '5m');
  if (maxAgeMs > STEP_UP_LIMIT_MS) issues.push(at('/step_up/max_age', 'a step-up assertion may be at most 5m old'));
  if (issues.length > 0) return { issues };
  // MC_API_TOKENS are admin principals: rules that give `admin` nothing take their power away.
  if (!raw.rules.some((r) => (r.effect ?? 'allow') === 'allow' && (r.roles.includes('admin') || r.roles.includes('*'))))
    issues.push({
      ...at('/rules', 'no rule allows anything to the admin role: MC_API_TOKENS tokens will be denied everything'),
      severity: 'warning',
      hint: 'add { id: admins, roles: [admin], actions: ["*"] } if that is not what you mean',
    });
  return { issues, policy: normalize(raw, maxAgeMs) };
}

interface RawRule {
  id: string;
  effect?: 'allow' | 'deny';
  roles: string[];
  actions: (AccessAction | '*')[];
  team?: 'own' | string[];
  environments?: string[];
  sensitivity?: string[];
}
interface RawAccess {
  version: 1;
  teams?: Record<string, string[]>;
  sensitivity?: Record<string, string>;
  rules: RawRule[];
  views?: AccessPolicy['views'];
  step_up?: { environments?: string[]; max_age?: string };
}

function normalize(raw: RawAccess, maxAgeMs: number): AccessPolicy {
  const rules = raw.rules.map(
    (r): AccessRule => ({
      id: r.id,
      effect: r.effect ?? 'allow',
      roles: r.roles,
      actions: r.actions,
      ...(r.team !== undefined ? { team: r.team } : {}),
      ...(r.environments ? { environments: r.environments } : {}),
      ...(r.sensitivity ? { sensitivity: r.sensitivity } : {}),
    }),
  );
  const body = {
    version: 1 as const,
    teams: raw.teams ?? {},
    sensitivity: raw.sensitivity ?? {},
    rules,
    views: raw.views ?? {},
    stepUp: { ...(raw.step_up?.environments ? { environments: raw.step_up.environments } : {}), maxAgeMs },
  };
  const hash = `sha256:${createHash('sha256')
    .update(canonicalize(body) ?? '')
    .digest('hex')}`;
  return { ...body, hash };
}

function durationMs(text: string): number {
  const n = Number(text.slice(0, -1));
  return text.endsWith('m') ? n * 60_000 : n * 1000;
}

import type { Principal } from '../domain/principal.js';
import type { AccessAction } from './access-action.js';
import type { AccessPolicy, AccessRule } from './access-policy.js';
import { teamsOfName } from './name-pattern.js';

/** What an action is done to, as far as the request says (absent: not named by the request). */
export interface AccessResource {
  env?: string;
  digest?: string;
  /** The artifact's names (stored, and the one a request gives): its team comes from them. */
  names?: readonly string[];
}

export interface RuleTrace {
  rule: string;
  effect: 'allow' | 'deny';
  matched: boolean;
  /** Why it did not apply (or `applies`). */
  because: string;
}

/** The answer with its explanation (`mc access check`, 403 messages). */
export interface AccessDecision {
  allow: boolean;
  action: AccessAction;
  subject: { label: string; roles: readonly string[]; team?: string };
  resource: { env?: string; digest?: string; teams?: readonly string[]; sensitivity?: string };
  /** The rule that decided; absent when nothing matched (deny by default). */
  rule?: string;
  /** The attribute a request must name before a scoped rule can apply (a list over every digest, say). */
  scopeRequired?: 'digest' | 'env';
  trace: RuleTrace[];
}

/** The integrations' principals verify and read decisions (no rule needed); no rule gives them more. */
const NARROW: Partial<Record<Principal['kind'], readonly AccessAction[]>> = {
  flagger: ['verify', 'read_decisions'],
  admission: ['verify', 'read_decisions'],
};

/**
 * Attribute-based access, deny by default: a matching deny rule wins, else a matching allow rule
 * allows, else the action is denied. A rule constrained on an attribute (environment, team,
 * sensitivity) applies only when the request names that attribute and it satisfies the rule:
 * unknown never matches, so a team-scoped CI token cannot list every team's decisions.
 * `partial`: attributes the request has not been read for yet (its body) count as satisfied —
 * the check before the body is read; the full check follows once they are known.
 */
export function evaluateAccess(
  policy: AccessPolicy,
  principal: Principal,
  action: AccessAction,
  resource: AccessResource,
  partial = false,
): AccessDecision {
  const teams = resource.names
    ? [...new Set(resource.names.flatMap((n) => teamsOfName(policy.teams, n)))].sort()
    : undefined;
  const sensitivity = resource.env === undefined ? undefined : (policy.sensitivity[resource.env] ?? 'normal');
  const base = {
    action,
    subject: { label: principal.label, roles: principal.roles, ...(principal.team ? { team: principal.team } : {}) },
    resource: {
      ...(resource.env !== undefined ? { env: resource.env } : {}),
      ...(resource.digest !== undefined ? { digest: resource.digest } : {}),
      ...(teams ? { teams } : {}),
      ...(sensitivity ? { sensitivity } : {}),
    },
  };
  const narrow = NARROW[principal.kind];
  if (narrow && !narrow.includes(action))
    return {
      ...base,
      allow: false,
      trace: [
        {
          rule: `(${principal.kind})`,
          effect: 'deny',
          matched: true,
          because: `a ${principal.kind} principal may only ${narrow.join(' and ')}`,
        },
      ],
    };
  const trace: RuleTrace[] = [];
  let allowRule: string | undefined;
  let scopeRequired: AccessDecision['scopeRequired'];
  for (const rule of policy.rules) {
    const miss = whyNot(rule, principal, action, resource, teams, sensitivity, partial);
    trace.push({ rule: rule.id, effect: rule.effect, matched: miss === undefined, because: miss?.text ?? 'applies' });
    if (miss === undefined) {
      if (rule.effect === 'deny' && !(partial && dependsOnUnknown(rule, resource)))
        return { ...base, allow: false, rule: rule.id, trace };
      if (rule.effect === 'allow') allowRule ??= rule.id;
    } else if (rule.effect === 'allow' && miss.scope) scopeRequired ??= miss.scope;
  }
  if (allowRule !== undefined) return { ...base, allow: true, rule: allowRule, trace };
  // What the integrations exist for needs no rule: their principals verify and read decisions.
  if (narrow) {
    trace.push({
      rule: `(${principal.kind})`,
      effect: 'allow',
      matched: true,
      because: `a ${principal.kind} principal may ${narrow.join(' and ')}`,
    });
    return { ...base, allow: true, rule: `(${principal.kind})`, trace };
  }
  return { ...base, allow: false, ...(scopeRequired ? { scopeRequired } : {}), trace };
}

interface Miss {
  text: string;
  scope?: 'digest' | 'env';
}

function whyNot(
  rule: AccessRule,
  p: Principal,
  action: AccessAction,
  r: AccessResource,
  teams: readonly string[] | undefined,
  sensitivity: string | undefined,
  partial: boolean,
): Miss | undefined {
  if (!rule.roles.includes('*') && !rule.roles.some((role) => p.roles.includes(role)))
    return { text: `needs one of the roles ${rule.roles.join(', ')}` };
  if (!rule.actions.includes('*') && !rule.actions.includes(action))
    return { text: `covers ${rule.actions.join(', ')}, not ${action}` };
  if (rule.environments || rule.sensitivity) {
    if (r.env === undefined) return partial ? undefined : { text: 'applies to named environments only', scope: 'env' };
    if (rule.environments && !rule.environments.includes(r.env))
      return { text: `covers environments ${rule.environments.join(', ')}, not ${r.env}` };
    if (rule.sensitivity && !rule.sensitivity.includes(sensitivity!))
      return { text: `covers sensitivity ${rule.sensitivity.join(', ')}, not ${sensitivity}` };
  }
  if (rule.team !== undefined) {
    if (r.digest === undefined && r.names === undefined)
      return partial ? undefined : { text: 'applies to named artifacts only', scope: 'digest' };
    if (!teams || teams.length === 0)
      return { text: 'the artifact belongs to no team (its name matches no teams: pattern)' };
    const allowed = rule.team === 'own' ? (p.team ? [p.team] : []) : rule.team;
    if (rule.team === 'own' && !p.team) return { text: 'team: own, and the principal has no team' };
    const foreign = teams.filter((t) => !allowed.includes(t));
    if (foreign.length > 0) return { text: `the artifact belongs to ${foreign.join(', ')}, not ${allowed.join(', ')}` };
  }
  return undefined;
}

/** A deny rule scoped on an attribute the partial check does not know yet waits for the full check. */
function dependsOnUnknown(rule: AccessRule, r: AccessResource): boolean {
  return (
    ((rule.environments !== undefined || rule.sensitivity !== undefined) && r.env === undefined) ||
    (rule.team !== undefined && r.digest === undefined && r.names === undefined)
  );
}

/** One line for a 403 message: what was asked, and why not. */
export function denialMessage(d: AccessDecision): string {
  const on = [d.resource.env && `env ${d.resource.env}`, d.resource.digest].filter(Boolean).join(', ');
  const who = `${d.subject.label} (roles ${d.subject.roles.join(', ') || 'none'}${d.subject.team ? `, team ${d.subject.team}` : ''})`;
  if (d.rule) return `${who} may not ${d.action}${on ? ` on ${on}` : ''}: denied by rule ${d.rule}`;
  if (d.scopeRequired)
    return `${who} may ${d.action} only on a named ${d.scopeRequired === 'env' ? 'environment' : 'artifact'}: add ${d.scopeRequired}=`;
  const narrow = d.trace.find((t) => t.rule.startsWith('('));
  if (narrow) return `${who} may not ${d.action}: ${narrow.because}`;
  return `${who} may not ${d.action}${on ? ` on ${on}` : ''}: no rule of access.yaml allows it`;
}

import type { Principal } from '../domain/principal.js';
import type { AccessAction } from './access-action.js';
import type { AccessPolicy } from './access-policy.js';
import type { ViewName } from './access-schema.js';
import { evaluateAccess, type AccessResource } from './evaluate-access.js';

/**
 * A read route's view: each top-level field of its answer and the action needed to see it (an
 * artifact's evidence needs read_evidence; its lineage and revocations read_decisions). The
 * route declares it; access.yaml's `views:` may narrow it per role.
 */
export interface ViewSpec {
  name: ViewName;
  fields: Readonly<Record<string, AccessAction>>;
}

/**
 * The fields `principal` sees of `view` for this resource: those whose action a rule allows,
 * and, when access.yaml lists fields for the view under any of its roles, only those listed
 * (the union over its roles; a role not listed is not narrowed).
 */
export function visibleFields(
  policy: AccessPolicy,
  principal: Principal,
  view: ViewSpec,
  resource: AccessResource,
): string[] {
  const allowed = new Map<AccessAction, boolean>();
  const may = (a: AccessAction) => {
    let v = allowed.get(a);
    if (v === undefined) {
      v = evaluateAccess(policy, principal, a, resource).allow;
      allowed.set(a, v);
    }
    return v;
  };
  const byRole = policy.views[view.name] ?? {};
  const narrowed = principal.roles.filter((r) => Object.hasOwn(byRole, r));
  const unnarrowed = principal.roles.some((r) => !Object.hasOwn(byRole, r));
  const listed = new Set(narrowed.flatMap((r) => byRole[r]!));
  return Object.entries(view.fields)
    .filter(([field, action]) => may(action) && (unnarrowed || narrowed.length === 0 || listed.has(field)))
    .map(([field]) => field);
}

/**
 * A new object holding only `fields` of `value`: the answer is built from what may be seen, so
 * a field added to a view later stays hidden until it is declared.
 */
export function project<T extends object>(value: T, fields: readonly string[]): Partial<T> {
  const out: Partial<T> = {};
  for (const f of fields)
    if (Object.hasOwn(value, f)) (out as Record<string, unknown>)[f] = (value as Record<string, unknown>)[f];
  return out;
}

/** A view whose fields all need `action` but those in `except` (a read route's own action, usually read_decisions). */
export function readView(
  name: ViewName,
  fields: readonly string[],
  action: AccessAction = 'read_decisions',
  except: Readonly<Record<string, AccessAction>> = {},
): ViewSpec {
  return { name, fields: { ...Object.fromEntries(fields.map((f) => [f, action])), ...except } };
}

/** `value` projected to `fields`; undefined fields (no access rules): the value as it is. */
export function projectTo<T extends object>(value: T, fields: readonly string[] | undefined): T | Partial<T> {
  return fields === undefined ? value : project(value, fields);
}

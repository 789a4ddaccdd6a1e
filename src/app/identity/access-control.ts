import type { AccessAction } from '../../access/access-action.js';
import { WRITE_ACTIONS } from '../../access/access-action.js';
import { AccessError } from '../../access/access-error.js';
import type { AccessPolicy } from '../../access/access-policy.js';
import { visibleFields, type ViewSpec } from '../../access/access-view.js';
import {
  denialMessage,
  evaluateAccess,
  type AccessDecision,
  type AccessResource,
} from '../../access/evaluate-access.js';
import type { Clock } from '../../domain/clock.js';
import type { Principal } from '../../domain/principal.js';
import type { StepUpVerifier } from '../../domain/step-up.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import { ledgerEntryForAccessDenial } from '../../access/access-denial-entry.js';
import type { AccessPolicySource } from './access-policy-source.js';
import type { Authenticator } from './authenticator.js';

export interface AccessControlDeps {
  policies: Pick<AccessPolicySource, 'current'> & Partial<Pick<AccessPolicySource, 'staleError'>>;
  authenticator: Authenticator;
  /** The names stored for a digest (its team comes from them); [] when the store has none. */
  namesOf: (digest: string) => Promise<string[]>;
  /** Appends ledger entries (denials of write actions). */
  record: (entries: readonly LedgerEntry[]) => Promise<unknown>;
  clock: Clock;
  /** Recent WebAuthn assertions; without one, every step-up is refused (fail closed). */
  stepUp?: StepUpVerifier;
}

/** A request's resource before the team look-up: what its URL or body names. */
export interface ResourceRef {
  env?: string;
  digest?: string;
  /** A name the request itself gives the artifact (ingest `?name=`): checked beside the stored ones. */
  name?: string;
}

/**
 * The use case behind every authorization: who is calling (Authenticator), may they do this
 * (access.yaml, evaluated purely), what may they see (views), have they stepped up, and the
 * ledger entry when a write is denied. The server's hooks only call it.
 */
export class AccessControl {
  constructor(private readonly deps: AccessControlDeps) {}

  /** The rules in force; undefined: no access file, behaviour as before access rules existed. */
  policy(): AccessPolicy | undefined {
    return this.deps.policies.current();
  }

  /** What /readyz says of the rules: their hash, and the last edit refused (the rules before it stay in force). */
  readiness(): { accessPolicyHash: string; error?: string } | undefined {
    const policy = this.policy();
    if (policy === undefined) return undefined;
    const stale = this.deps.policies.staleError;
    return stale
      ? { accessPolicyHash: policy.hash, error: `last edit rejected, previous rules in force: ${stale.message}` }
      : { accessPolicyHash: policy.hash };
  }

  authenticate(authorization: string | undefined): Promise<Principal> {
    return this.deps.authenticator.authenticate(authorization);
  }

  /** Evaluates, resolving the artifact's names for its team. `partial`: the body is not read yet. */
  async decide(principal: Principal, action: AccessAction, ref: ResourceRef, partial = false): Promise<AccessDecision> {
    const policy = this.requirePolicy();
    return evaluateAccess(policy, principal, action, await this.resource(policy, ref), partial);
  }

  /**
   * Allowed, or an AccessError (403): ACCESS_DENIED naming the rule, or ACCESS_SCOPE_REQUIRED
   * when the principal may act only on a named digest or environment. A denied write is
   * recorded in the ledger (type `access`) with the principal's label.
   */
  async authorize(
    principal: Principal,
    action: AccessAction,
    ref: ResourceRef,
    options: { partial?: boolean; route?: string } = {},
  ): Promise<AccessDecision> {
    const decision = await this.decide(principal, action, ref, options.partial);
    if (decision.allow) return decision;
    if (WRITE_ACTIONS.has(action)) await this.recordDenial(decision, options.route);
    throw new AccessError(decision.scopeRequired ? 'ACCESS_SCOPE_REQUIRED' : 'ACCESS_DENIED', denialMessage(decision), {
      ...(decision.scopeRequired ? { path: decision.scopeRequired } : {}),
    });
  }

  /**
   * Step-up: in the environments access.yaml names (default: those of sensitivity `high`), and
   * for an action on every environment at once when any such environment exists, the principal
   * needs a WebAuthn assertion no older than step_up.max_age. The local CLI holds the store
   * itself and is not asked.
   */
  async requireStepUp(principal: Principal, action: AccessAction, env: string | undefined): Promise<void> {
    const policy = this.policy();
    if (policy === undefined || principal.kind === 'cli') return;
    const guarded = stepUpEnvironments(policy);
    if (guarded.length === 0 || (env !== undefined && !guarded.includes(env))) return;
    const now = this.deps.clock();
    const at = await this.deps.stepUp?.recentAssertion(principal, now);
    const ageMs = at === undefined ? undefined : now.getTime() - at.getTime();
    if (ageMs !== undefined && ageMs >= 0 && ageMs <= policy.stepUp.maxAgeMs) return;
    const how = this.deps.stepUp?.howTo ?? 'no WebAuthn relying party is configured on this server';
    const where = env === undefined ? 'on every environment' : `in ${env}`;
    const err = new AccessError(
      'STEP_UP_REQUIRED',
      `${action} ${where} needs a WebAuthn assertion by ${principal.label} within the last ${policy.stepUp.maxAgeMs / 60_000} min (${at === undefined ? 'none found' : 'the last one is older'}); get one: ${how}`,
    );
    await this.recordDenial(
      {
        allow: false,
        action,
        subject: { label: principal.label, roles: principal.roles },
        resource: env ? { env } : {},
        trace: [],
      },
      undefined,
      'STEP_UP_REQUIRED',
    );
    throw err;
  }

  /** The fields of `view` the principal sees; undefined: every field (no access file). */
  async fields(principal: Principal | undefined, view: ViewSpec, ref: ResourceRef): Promise<string[] | undefined> {
    const policy = this.policy();
    if (policy === undefined || principal === undefined) return undefined;
    return visibleFields(policy, principal, view, await this.resource(policy, ref));
  }

  private async recordDenial(
    decision: AccessDecision,
    route?: string,
    code = decision.scopeRequired ? 'ACCESS_SCOPE_REQUIRED' : 'ACCESS_DENIED',
  ) {
    await this.deps.record([ledgerEntryForAccessDenial(decision, code, this.deps.clock().toISOString(), route)]);
  }

  private requirePolicy(): AccessPolicy {
    const policy = this.policy();
    if (policy === undefined) throw new Error('AccessControl: no access policy is in force');
    return policy;
  }

  private async resource(policy: AccessPolicy, ref: ResourceRef): Promise<AccessResource> {
    const wantsTeam = Object.keys(policy.teams).length > 0 && (ref.digest !== undefined || ref.name !== undefined);
    const names = wantsTeam
      ? [...(ref.digest ? await this.deps.namesOf(ref.digest) : []), ...(ref.name ? [ref.name] : [])]
      : undefined;
    return {
      ...(ref.env !== undefined ? { env: ref.env } : {}),
      ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
      ...(names ? { names } : {}),
    };
  }
}

/** Where step-up applies: step_up.environments, else every environment of sensitivity `high`. */
export function stepUpEnvironments(policy: AccessPolicy): readonly string[] {
  return (
    policy.stepUp.environments ??
    Object.entries(policy.sensitivity)
      .filter(([, s]) => s === 'high')
      .map(([e]) => e)
  );
}

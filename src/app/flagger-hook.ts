import type { Decision, Reason } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { EventRepository } from '../domain/events.js';
import { type FlaggerHook, type FlaggerPayload, roleOf } from '../delivery/flagger-payload.js';
import type { GateService } from './gate-service.js';
import { denyReasons, gatesWith, summarizeDecision } from './workload-event.js';

/**
 * What mc tells Flagger:
 * - `go`: a gating hook may pass (the decision allows the canary's digest);
 * - `halt`: a gating hook fails — the canary pauses, or the failed check counts toward rollback;
 * - `rollback`: a rollback hook succeeds, so Flagger rolls the canary back;
 * - `hold`: a rollback hook does not signal a rollback;
 * - `recorded`: post-rollout and event hooks, which only report.
 */
export type FlaggerOutcome = 'go' | 'halt' | 'rollback' | 'hold' | 'recorded';

export interface FlaggerHookCall {
  hook: FlaggerHook;
  payload: FlaggerPayload;
  env: string;
  /** From metadata.digest; undefined when the Canary gave none (and no runtime inventory knows it). */
  digest?: Digest;
  /** Who called: the token label the route accepted, and its role. */
  principal: { label: string; role: string };
}

export interface FlaggerHookAnswer {
  hook: FlaggerHook;
  outcome: FlaggerOutcome;
  /** `namespace/name` of the Canary. */
  workload: string;
  env: string;
  digest?: Digest;
  phase: string;
  /** Why: the deny's reasons (halt, rollback), advisory failures (hold), DIGEST_UNRESOLVED. */
  reasons: Reason[];
  /** Absent for post-rollout, event and an unresolved digest. */
  decision?: Decision;
}

export interface FlaggerHookDeps {
  gate: Pick<GateService, 'verify'>;
  events: Pick<EventRepository, 'record'>;
}

/** Event-hook metadata worth keeping (Flagger's own keys); the rest — the token above all — is never recorded. */
const EVENT_KEYS = ['eventType', 'eventMessage', 'timestamp'] as const;

/**
 * Answers one Flagger webhook call with Flagger's semantics and records it as a `flagger` event of
 * the Canary's workload, so `mc rollout-status` shows the chain.
 *
 * A digest mc cannot resolve is doubt, and doubt fails closed: a gating hook halts, and a rollback
 * hook signals a rollback, just as a deny for an unknown or revoked digest does.
 */
export async function answerFlaggerHook(deps: FlaggerHookDeps, call: FlaggerHookCall): Promise<FlaggerHookAnswer> {
  const { hook, payload, env, digest } = call;
  const role = roleOf(hook);
  const base = {
    hook,
    workload: `${payload.namespace}/${payload.name}`,
    env,
    ...(digest ? { digest } : {}),
    phase: payload.phase,
  };
  let answer: FlaggerHookAnswer;
  if (role === 'record') answer = { ...base, outcome: 'recorded', reasons: [] };
  else if (digest === undefined) {
    const reason: Reason = {
      code: 'DIGEST_UNRESOLVED',
      message: `no digest for canary ${base.workload}: set metadata.digest (sha256:… or image@sha256:…) on the ${hook} webhook of the Canary`,
    };
    answer = { ...base, outcome: role === 'gate' ? 'halt' : 'rollback', reasons: [reason] };
  } else {
    const { decision } = await deps.gate.verify(digest, env, 'on-change', call.principal.label);
    const outcome = decision.allow ? (role === 'gate' ? 'go' : 'hold') : role === 'gate' ? 'halt' : 'rollback';
    answer = {
      ...base,
      outcome,
      reasons: decision.allow ? advisoryReasons(decision) : denyReasons(decision),
      decision,
    };
  }
  await deps.events.record([
    {
      type: 'flagger',
      workload: answer.workload,
      env,
      ...(digest ? { digest } : {}),
      cause: hook,
      details: {
        outcome: answer.outcome,
        phase: payload.phase,
        ...(payload.checksum ? { checksum: payload.checksum } : {}),
        principal: call.principal.label,
        role: call.principal.role,
        ...(answer.decision ? summarizeDecision(answer.decision) : {}),
        ...(answer.decision ? {} : { reasons: answer.reasons.map((r) => r.code) }),
        ...eventMetadata(hook, payload),
      },
    },
  ]);
  return answer;
}

/** Why a rollback is not signalled although the canary is not spotless: the advisory failures. */
function advisoryReasons(decision: Decision): Reason[] {
  return decision.gates.filter((g) => g.result === 'advisory-fail').flatMap((g) => g.reasons.slice(0, 2));
}

function eventMetadata(hook: FlaggerHook, payload: FlaggerPayload): Record<string, string> {
  if (hook !== 'event') return {};
  const out: Record<string, string> = {};
  for (const key of EVENT_KEYS) {
    const v = payload.metadata[key];
    if (v !== undefined) out[key] = v.slice(0, 512);
  }
  return out;
}

/** The one-line message of a rollback hook that signals nothing (409): what was checked, and what still fails advisorily. */
export function holdMessage(answer: FlaggerHookAnswer): string {
  const d = answer.decision!;
  const advisory = gatesWith(d, 'advisory-fail');
  return (
    `no rollback: ${d.digest} is allowed in ${d.env} (profile ${d.profile}); no enforce gate fails` +
    (advisory.length ? `; advisory failures: ${advisory.join('; ')}` : '')
  );
}

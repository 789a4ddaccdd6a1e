import type { Digest } from '../domain/digest.js';
import { BaseError } from '../domain/errors.js';
import type { EventRepository, StoredEvent } from '../domain/events.js';
import { type GateSummary, WORKLOAD } from './workload-event.js';

export class RolloutStatusError extends BaseError<'WORKLOAD_INVALID' | 'ROLLOUT_UNKNOWN'> {}

/** One event of the rollout's chain, with a line a person reads; `details` as recorded. */
export interface ChainEvent {
  id: number;
  at: string;
  type: StoredEvent['type'];
  cause?: string;
  env?: string;
  digest?: Digest;
  summary: string;
  details: Record<string, unknown>;
}

/**
 * One analysis run as mc saw it: the calls that carried a decision for one canary revision —
 * Flagger's checksum, the `run` a verify call named (Argo: the pod template hash), else the digest.
 */
export interface AnalysisRunStatus {
  run: string;
  digest?: Digest;
  env?: string;
  first: string;
  last: string;
  calls: number;
  denies: number;
  /** The latest decision of the run: who asked, and the gate results it carried. */
  latest: { at: string; by: string; allow: boolean; gates: GateSummary[] };
}

/** What mc knows of a rollout: only what was recorded (verify calls, Flagger hooks, admission); no Kubernetes API call. */
export interface RolloutStatus {
  workload: string;
  /** The Canary phase Flagger last reported. */
  phase?: { value: string; at: string; by: string };
  /** The step a verify call last named (Argo passes it as an analysis argument). */
  step?: { value: string; at: string; by: string };
  runs: AnalysisRunStatus[];
  /** Oldest first, so the newest is last. */
  events: ChainEvent[];
  /** More events exist than were read (`limit`): the chain shows the newest. */
  truncated: boolean;
}

export const MAX_CHAIN = 999;

/** The status of `namespace/name` from the events recorded for it, newest `limit` events. */
export async function rolloutStatus(
  events: Pick<EventRepository, 'list'>,
  workload: string,
  limit = 200,
): Promise<RolloutStatus> {
  if (!WORKLOAD.test(workload))
    throw new RolloutStatusError(
      'WORKLOAD_INVALID',
      `the rollout must be <namespace>/<name> as Kubernetes names them, got ${JSON.stringify(workload.slice(0, 80))}`,
      { path: 'rollout' },
      'malformed',
    );
  const n = Math.max(1, Math.min(Math.trunc(limit), MAX_CHAIN));
  const newestFirst = await events.list({ workload, limit: n + 1 });
  if (newestFirst.length === 0)
    throw new RolloutStatusError(
      'ROLLOUT_UNKNOWN',
      `mc has recorded nothing for ${workload}: it knows a rollout only from verify calls with workload=${workload}, Flagger hooks of that Canary and admission decisions, and never asks the Kubernetes API`,
      { path: 'rollout' },
      'not-found',
    );
  const chain = newestFirst.slice(0, n).reverse();
  const status: RolloutStatus = {
    workload,
    runs: analysisRuns(chain),
    events: chain.map(chainEvent),
    truncated: newestFirst.length > n,
  };
  for (const e of chain) {
    const by = e.type === 'flagger' ? `flagger ${e.cause}` : e.type;
    if (e.type === 'flagger' && typeof e.details.phase === 'string')
      status.phase = { value: e.details.phase, at: e.at, by };
    if (typeof e.details.step === 'string') status.step = { value: e.details.step, at: e.at, by };
  }
  return status;
}

function analysisRuns(chain: readonly StoredEvent[]): AnalysisRunStatus[] {
  const runs = new Map<string, AnalysisRunStatus>();
  for (const e of chain) {
    const d = e.details;
    if (!Array.isArray(d.gates) || typeof d.allow !== 'boolean') continue; // carries no decision
    const key =
      typeof d.checksum === 'string'
        ? `checksum ${d.checksum}`
        : typeof d.run === 'string'
          ? `run ${d.run}`
          : `digest ${e.digest ?? 'unknown'}`;
    const latest = {
      at: e.at,
      by: e.type === 'flagger' ? `flagger ${e.cause}` : `${e.type} ${e.cause ?? ''}`.trim(),
      allow: d.allow,
      gates: d.gates as GateSummary[],
    };
    const run = runs.get(key);
    if (run) {
      run.last = e.at;
      run.calls += 1;
      run.denies += d.allow ? 0 : 1;
      run.latest = latest;
    } else
      runs.set(key, {
        run: key,
        ...(e.digest ? { digest: e.digest } : {}),
        ...(e.env ? { env: e.env } : {}),
        first: e.at,
        last: e.at,
        calls: 1,
        denies: d.allow ? 0 : 1,
        latest,
      });
  }
  return [...runs.values()];
}

function chainEvent(e: StoredEvent): ChainEvent {
  return {
    id: e.id,
    at: e.at,
    type: e.type,
    ...(e.cause ? { cause: e.cause } : {}),
    ...(e.env ? { env: e.env } : {}),
    ...(e.digest ? { digest: e.digest } : {}),
    summary: summaryOf(e),
    details: e.details,
  };
}

const failing = (d: Record<string, unknown>): string => {
  const gates = Array.isArray(d.gates) ? (d.gates as GateSummary[]) : [];
  const codes = gates.filter((g) => g.result === 'fail').flatMap((g) => g.codes.slice(0, 2));
  return codes.length ? ` (${codes.join(', ')})` : '';
};

/** One line per event, in the words of the tool that caused it. */
function summaryOf(e: StoredEvent): string {
  const d = e.details;
  const verdict = typeof d.allow === 'boolean' ? (d.allow ? 'allow' : `deny${failing(d)}`) : undefined;
  switch (e.type) {
    case 'flagger':
      return `flagger ${e.cause} hook (${String(d.phase)}) → ${String(d.outcome)}${verdict ? `: ${verdict}` : Array.isArray(d.reasons) && d.reasons.length ? ` (${d.reasons.join(', ')})` : ''}${typeof d.eventMessage === 'string' ? `: ${d.eventMessage}` : ''}`;
    case 'verify':
      return `${e.cause === 'metric' ? 'GET /v1/verify/metric' : 'GET /v1/verify'} → ${verdict}${typeof d.step === 'string' ? ` [step ${d.step}]` : ''}${typeof d.run === 'string' ? ` [run ${d.run}]` : ''}`;
    case 'admission':
      return `admission ${String(d.operation ?? '')} ${String(d.kind ?? '')} ${String(d.container ?? '')}: ${e.cause}${Array.isArray(d.reasons) && d.reasons.length ? ` (${d.reasons.join(', ')})` : ''}`.replace(
        / {2,}/g,
        ' ',
      );
    default:
      return `${e.type}${e.cause ? ` ${e.cause}` : ''}`;
  }
}

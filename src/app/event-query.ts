import { parseDigest } from '../domain/digest.js';
import { InputError } from '../domain/errors.js';
import { EVENT_TYPES, type EventFilter, type EventType } from '../domain/events.js';

/** `mc events` flags and `GET /v1/events` parameters, as text: attacker-controlled until parsed. */
export interface EventQueryInput {
  /** A duration back from now (`1h`, `7d`) or an ISO 8601 time. Default: the last 24 hours. */
  since?: string;
  until?: string;
  digest?: string;
  /** Comma-separated event types. Default: all. */
  type?: string;
  env?: string;
  workload?: string;
  cause?: string;
  limit?: string | number;
  /** Only events with a larger id (tailing). */
  after?: string | number;
}

export const DEFAULT_EVENT_WINDOW = '24h';
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const MAX_TEXT = 256;

const bad = (path: string, message: string) => new InputError('EVENT_QUERY_INVALID', `${path}: ${message}`, { path });

/** A point in time: `1h` (ago) or an ISO 8601 time with its zone. */
function instant(path: string, text: string, now: Date): string {
  const m = /^([0-9]{1,9})(s|m|h|d|w)$/.exec(text);
  if (m) return new Date(now.getTime() - Number(m[1]) * UNIT_MS[m[2]!]!).toISOString();
  const t = ISO_8601.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(t))
    throw bad(
      path,
      `"${text.slice(0, 40)}" is neither a duration like 1h, 7d nor an ISO 8601 time like 2026-11-29T10:00:00Z`,
    );
  return new Date(t).toISOString();
}

function whole(path: string, value: string | number, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^[0-9]{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw bad(path, `must be a whole number from ${min} to ${max}`);
  return n;
}

function text(path: string, value: string): string {
  if (value.length === 0 || value.length > MAX_TEXT) throw bad(path, `must be 1 to ${MAX_TEXT} characters`);
  return value;
}

/** Parses a query for events; every problem is an EVENT_QUERY_INVALID naming the parameter (exit 2, HTTP 400). */
export function parseEventQuery(input: EventQueryInput, now: Date): EventFilter & { since: string } {
  const since = instant('since', input.since ?? DEFAULT_EVENT_WINDOW, now);
  const types = input.type?.split(',').map((t) => t.trim());
  for (const t of types ?? [])
    if (!(EVENT_TYPES as readonly string[]).includes(t))
      throw bad('type', `unknown event type "${t.slice(0, 40)}"; one of ${EVENT_TYPES.join(', ')}`);
  return {
    since,
    ...(input.until !== undefined ? { until: instant('until', input.until, now) } : {}),
    ...(input.digest !== undefined ? { digest: parseDigest(input.digest) } : {}),
    ...(types ? { types: types as EventType[] } : {}),
    ...(input.env !== undefined ? { env: text('env', input.env) } : {}),
    ...(input.workload !== undefined ? { workload: text('workload', input.workload) } : {}),
    ...(input.cause !== undefined ? { cause: text('cause', input.cause) } : {}),
    limit: input.limit !== undefined ? whole('limit', input.limit, 1, 1000) : 100,
    ...(input.after !== undefined ? { afterId: whole('after', input.after, 0, Number.MAX_SAFE_INTEGER) } : {}),
  };
}

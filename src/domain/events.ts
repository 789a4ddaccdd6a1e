import type { Digest } from './digest.js';

/**
 * What the watchers, the revocation service and the integrations did, and why: one row per
 * happening in one `events` table that `mc events`, `GET /v1/events`, the console and the
 * metrics read. Figures from separate CLI processes reach `mc serve`'s `/metrics` through it.
 */
export const EVENT_TYPES = [
  'revoke',
  'reinstate',
  'cve',
  'watch-tick',
  'outbox',
  'reminder',
  'lease',
  'flagger',
  'admission',
  'verify',
  'approval',
  'bypass',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  /** ISO 8601; the writer's clock when absent. */
  at?: string;
  digest?: Digest;
  /** `namespace/name` of a workload (drift, rollouts, admission). */
  workload?: string;
  env?: string;
  /** Why: `manual | lineage | cve | drift | backfill`, a hook name, a watcher name. */
  cause?: string;
  /** Bounded JSON (the writer clips it): advisory ids, chains, counts, errors. */
  details?: Record<string, unknown>;
  /** Position of the ledger entry this event records, in the same `StateEffects.ledger` list. */
  ledgerRef?: number;
}

export interface StoredEvent extends Omit<NewEvent, 'at' | 'ledgerRef'> {
  id: number;
  at: string;
  details: Record<string, unknown>;
  /** Index of the ledger entry that proves it, when the event is a state change. */
  ledgerIndex?: number;
}

export interface EventFilter {
  /** Inclusive lower bound (ISO 8601). */
  since?: string;
  until?: string;
  digest?: Digest;
  types?: readonly EventType[];
  env?: string;
  workload?: string;
  /** Only this cause (a watcher's ticks: `watch-tick` events carry the watcher's name). */
  cause?: string;
  /** Events with a larger id only (paging, tailing). */
  afterId?: number;
  /** Newest first, at most this many (capped at 1000; default 100). */
  limit?: number;
}

export interface EventRepository {
  /** Records events in a transaction of their own. */
  record(events: readonly NewEvent[]): Promise<void>;
  /** Newest first. */
  list(filter: EventFilter): Promise<StoredEvent[]>;
}

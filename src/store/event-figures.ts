import { sql, type Kysely } from 'kysely';
import type { Engine } from './dialect/engine.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { Database } from './schema.js';

type Db = Kysely<Database & EventOutboxLeaseTables>;

/** A CVE-related event: a revocation that began or ended with cause `cve`, or the watch's own `cve` event. */
export interface CveEventRow {
  id: number;
  type: string;
  digest: string | null;
  env: string | null;
  details: Record<string, unknown>;
}

/** The newest tick of a watcher, and its newest successful one. */
export interface TickRow {
  watcher: string;
  at: string;
  details: Record<string, unknown>;
  lastSuccessAt?: string;
}

/**
 * Aggregates over the events table for the metrics, read at scrape time so that figures written
 * by any process (`mc watch cve --once` from cron, another replica) reach `mc serve`'s /metrics.
 */
export class EventFigures {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<EventOutboxLeaseTables>();
  }

  /** Revocations that began, by cause. */
  async revokedByCause(): Promise<Array<{ cause: string; count: number }>> {
    const rows = await this.db
      .selectFrom('events')
      .select((eb) => ['cause', eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'revoke')
      .groupBy('cause')
      .execute();
    return rows.map((r) => ({ cause: r.cause ?? 'unknown', count: Number(r.n) }));
  }

  /** Bypass events by state (`requested`, `approved`, `active`, `reverted`): mc_bypass_events_total. */
  async bypassByState(): Promise<Array<{ state: string; count: number }>> {
    const rows = await this.db
      .selectFrom('events')
      .select((eb) => ['cause', eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'bypass')
      .groupBy('cause')
      .execute();
    return rows.map((r) => ({ state: r.cause ?? 'unknown', count: Number(r.n) }));
  }

  /** How many CVE events there are and the largest id: unchanged means the CVE figures are unchanged. */
  async cveFingerprint(): Promise<string> {
    const row = await this.cveEvents()
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('maxId')])
      .executeTakeFirst();
    return `${Number(row?.n ?? 0)}:${Number(row?.maxId ?? 0)}`;
  }

  /** Every CVE event in id order (the metrics replay them when the fingerprint changed). */
  async cveEventRows(): Promise<CveEventRow[]> {
    const rows = await this.cveEvents().select(['id', 'type', 'digest', 'env', 'details']).orderBy('id').execute();
    return rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      digest: r.digest,
      env: r.env,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  /** Per watcher (the cause of `watch-tick` events): its newest tick and its newest successful one. */
  async lastTicks(): Promise<TickRow[]> {
    const newest = await this.db
      .selectFrom('events')
      .select(['cause', 'at', 'details'])
      .where('type', '=', 'watch-tick')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('events')
          .select((e) => e.fn.max('id').as('id'))
          .where('type', '=', 'watch-tick')
          .groupBy('cause'),
      )
      .execute();
    const ok = await this.db
      .selectFrom('events')
      .select((eb) => ['cause', eb.fn.max('at').as('at')])
      .where('type', '=', 'watch-tick')
      .where(sql<boolean>`details LIKE ${'%"outcome":"ok"%'}`)
      .groupBy('cause')
      .execute();
    const success = new Map(ok.map((r) => [r.cause, String(r.at)]));
    return newest
      .filter((r) => r.cause !== null)
      .map((r) => {
        const lastSuccessAt = success.get(r.cause);
        return {
          watcher: r.cause!,
          at: r.at,
          details: JSON.parse(r.details) as Record<string, unknown>,
          ...(lastSuccessAt ? { lastSuccessAt } : {}),
        };
      });
  }

  private cveEvents() {
    return this.db.selectFrom('events').where('cause', '=', 'cve').where('type', 'in', ['revoke', 'reinstate', 'cve']);
  }
}

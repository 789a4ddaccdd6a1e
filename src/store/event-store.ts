import type { Kysely } from 'kysely';
import type { EventFilter, EventRepository, EventType, NewEvent, StoredEvent } from '../domain/events.js';
import type { Digest } from '../domain/digest.js';
import type { Engine } from './dialect/engine.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { Database } from './schema.js';
import { insertEvents } from './state-effects-writer.js';

type Db = Kysely<Database & EventOutboxLeaseTables>;

/** The events table in domain words, for both engines. */
export class EventStore implements EventRepository {
  private readonly db: Db;

  constructor(
    engine: Engine,
    private readonly clock: () => Date,
  ) {
    this.db = engine.db.withTables<EventOutboxLeaseTables>();
  }

  async record(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = this.clock().toISOString();
    await this.db.transaction().execute((trx) => insertEvents(trx, events, now));
  }

  async list(filter: EventFilter): Promise<StoredEvent[]> {
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(filter.limit ?? 100, 1000)));
    if (filter.since) q = q.where('at', '>=', filter.since);
    if (filter.until) q = q.where('at', '<', filter.until);
    if (filter.digest) q = q.where('digest', '=', filter.digest);
    if (filter.env) q = q.where('env', '=', filter.env);
    if (filter.workload) q = q.where('workload', '=', filter.workload);
    if (filter.cause) q = q.where('cause', '=', filter.cause);
    if (filter.types?.length) q = q.where('type', 'in', [...filter.types]);
    if (filter.afterId !== undefined) q = q.where('id', '>', filter.afterId);
    return (await q.execute()).map((r) => ({
      id: Number(r.id),
      type: r.type as EventType,
      at: r.at,
      ...(r.digest ? { digest: r.digest as Digest } : {}),
      ...(r.workload ? { workload: r.workload } : {}),
      ...(r.env ? { env: r.env } : {}),
      ...(r.cause ? { cause: r.cause } : {}),
      details: JSON.parse(r.details) as Record<string, unknown>,
      ...(r.ledger_index !== null ? { ledgerIndex: Number(r.ledger_index) } : {}),
    }));
  }
}

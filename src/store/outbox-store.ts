import type { Kysely } from 'kysely';
import type { NewOutboxMessage, OutboxMessage, OutboxRepository } from '../domain/outbox.js';
import type { Engine } from './dialect/engine.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { Database } from './schema.js';
import { insertOutbox } from './state-effects-writer.js';

type Db = Kysely<Database & EventOutboxLeaseTables>;
type Row = EventOutboxLeaseTables['outbox'] & { id: number; attempts: number };

/** A delivery error is for people reading `mc events`; a whole HTML error page is not. */
const MAX_ERROR_CHARS = 512;

/** The outbox table in domain words, for both engines. Rows are never deleted: delivered ones keep their history. */
export class OutboxStore implements OutboxRepository {
  private readonly db: Db;

  constructor(
    engine: Engine,
    private readonly clock: () => Date,
  ) {
    this.db = engine.db.withTables<EventOutboxLeaseTables>();
  }

  /** The idempotency keys newly enqueued (a key already present is not enqueued again). */
  async enqueue(messages: readonly NewOutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const now = this.clock().toISOString();
    return this.db.transaction().execute((trx) => insertOutbox(trx, messages, now));
  }

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(Math.max(1, limit))
      .execute();
    return rows.map((r) => toMessage(r as Row));
  }

  async markDelivered(id: number, at: Date, status: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({
        delivered_at: at.toISOString(),
        attempts: eb('attempts', '+', 1),
        last_status: status,
        last_error: null,
      }))
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  async markFailed(id: number, _at: Date, error: string, nextAttemptAt: Date, status?: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_attempt_at: nextAttemptAt.toISOString(),
        last_error: error.slice(0, MAX_ERROR_CHARS),
        last_status: status ?? null,
      }))
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  async pending(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

function toMessage(r: Row): OutboxMessage {
  return {
    id: Number(r.id),
    topic: r.topic,
    destination: r.destination,
    idempotencyKey: r.idempotency_key,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    createdAt: r.created_at,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    ...(r.delivered_at ? { deliveredAt: r.delivered_at } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.last_status !== null ? { lastStatus: Number(r.last_status) } : {}),
  };
}

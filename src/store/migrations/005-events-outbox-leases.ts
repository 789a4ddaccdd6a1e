import type { CreateTableBuilder, Generated } from 'kysely';
import type { Engine } from '../dialect/engine.js';

/**
 * The shared pieces of the watchers: `events` (what happened and why, read by `mc events`, the
 * console and the metrics), `outbox` (side effects leaving the process, written with the state
 * change that causes them, delivered at least once) and `leases` (a periodic job runs on one
 * replica at a time).
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db.withTables<EventOutboxLeaseTables>();
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    t.addColumn('id', engine.autoIdType, (c) => {
      const pk = c.primaryKey();
      return engine.autoIdModifier === 'autoIncrement' ? pk.autoIncrement() : pk.generatedByDefaultAsIdentity();
    });

  await id(db.schema.createTable('events'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('digest', 'text')
    .addColumn('workload', 'text')
    .addColumn('env', 'text')
    .addColumn('cause', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('ledger_index', 'bigint')
    .execute();
  await db.schema.createIndex('events_at').on('events').columns(['at', 'id']).execute();
  await db.schema.createIndex('events_digest').on('events').columns(['digest', 'id']).execute();
  await db.schema.createIndex('events_type').on('events').columns(['type', 'id']).execute();

  await id(db.schema.createTable('outbox'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['delivered_at', 'next_attempt_at']).execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('token', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .execute();
}

/** Tables of this migration, for `db.withTables<EventOutboxLeaseTables>()` (src/store/schema.ts is shared). */
export type EventOutboxLeaseTables = {
  events: {
    id: Generated<number>;
    type: string;
    at: string;
    digest: string | null;
    workload: string | null;
    env: string | null;
    cause: string | null;
    details: string;
    ledger_index: number | null;
  };
  outbox: {
    id: Generated<number>;
    topic: string;
    destination: string;
    idempotency_key: string;
    payload: string;
    created_at: string;
    attempts: Generated<number>;
    next_attempt_at: string;
    delivered_at: string | null;
    last_error: string | null;
    last_status: number | null;
  };
  leases: { name: string; holder: string; token: number; expires_at: string; acquired_at: string };
};

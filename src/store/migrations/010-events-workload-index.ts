import type { Engine } from '../dialect/engine.js';
import type { EventOutboxLeaseTables } from './005-events-outbox-leases.js';

/**
 * `mc rollout-status` and `GET /v1/events?workload=` read a workload's events newest first: an index
 * on (workload, id) keeps that a range read instead of a scan of every event.
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db.withTables<EventOutboxLeaseTables>();
  await db.schema.createIndex('events_workload').on('events').columns(['workload', 'id']).execute();
}

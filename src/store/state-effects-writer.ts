import type { Kysely } from 'kysely';
import type { NewEvent } from '../domain/events.js';
import type { NewOutboxMessage } from '../domain/outbox.js';
import type { StateEffects } from '../domain/state-effects.js';
import { LedgerStore } from './ledger-store.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { Database } from './schema.js';

type Db = Kysely<Database & EventOutboxLeaseTables>;

/** Rows per multi-row INSERT: 8 columns × 100 stays far below both engines' parameter limits. */
const CHUNK = 100;
/** An event's details are for people and dashboards; a runaway list must not bloat the table. */
const MAX_DETAILS_CHARS = 16_384;

/**
 * Writes what a state change brings with it inside the caller's transaction: ledger entries
 * first (so each event can name the index of the entry that proves it), then events, then
 * outbox messages (a message whose idempotency key exists already is not enqueued twice).
 */
export async function writeStateEffects(trx: Kysely<Database>, effects: StateEffects, now: string): Promise<void> {
  const db = trx.withTables<EventOutboxLeaseTables>();
  let firstIndex: number | undefined;
  if (effects.ledger?.length) firstIndex = (await LedgerStore.appendInTransaction(trx, effects.ledger)).firstIndex;
  await insertEvents(db, effects.events ?? [], now, firstIndex);
  await insertOutbox(db, effects.outbox ?? [], now);
}

export async function insertEvents(db: Db, events: readonly NewEvent[], now: string, firstLedgerIndex?: number) {
  const rows = events.map((e) => ({
    type: e.type,
    at: e.at ?? now,
    digest: e.digest ?? null,
    workload: e.workload ?? null,
    env: e.env ?? null,
    cause: e.cause ?? null,
    details: boundedDetails(e.details),
    ledger_index: e.ledgerRef !== undefined && firstLedgerIndex !== undefined ? firstLedgerIndex + e.ledgerRef : null,
  }));
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('events')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** Inserts the messages whose idempotency key is new; returns those keys (RETURNING after DO NOTHING yields only inserted rows). */
export async function insertOutbox(db: Db, messages: readonly NewOutboxMessage[], now: string): Promise<string[]> {
  const rows = messages.map((m) => ({
    topic: m.topic,
    destination: m.destination,
    idempotency_key: m.idempotencyKey,
    payload: JSON.stringify(m.payload),
    created_at: now,
    next_attempt_at: now,
  }));
  const keys: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted = await db
      .insertInto('outbox')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .execute();
    keys.push(...inserted.map((r) => r.idempotency_key));
  }
  return keys;
}

function boundedDetails(details: Record<string, unknown> | undefined): string {
  const text = JSON.stringify(details ?? {});
  if (text.length <= MAX_DETAILS_CHARS) return text;
  return JSON.stringify({ truncated: true, bytes: text.length, head: text.slice(0, 1024) });
}

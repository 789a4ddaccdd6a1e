import { sql, type Kysely } from 'kysely';
import { GENERATION_CHANNEL, notifyInTransaction } from './dialect/notify.js';
import type { Database } from './schema.js';

/**
 * Bumps the store generation (and any other named counters in `meta`) inside the caller's
 * transaction. Every write does this, so caches see any change with one cheap read; on
 * PostgreSQL it also NOTIFYs, delivered at commit, so other replicas' caches hear of it at once
 * (the generation poll stays as the fallback).
 */
export async function bumpGeneration(trx: Kysely<Database>, keys: readonly string[] = ['generation']): Promise<void> {
  await trx
    .updateTable('meta')
    .set({ value: sql`value + 1` })
    .where('key', 'in', [...keys])
    .execute();
  await notifyInTransaction(trx, GENERATION_CHANNEL);
}

import type { Kysely } from 'kysely';
import type { OsvRecord } from '../vuln/osv-record.js';
import type { Engine } from './dialect/engine.js';
import type { AdvisoryTables } from './migrations/002-advisories.js';
import { bumpGeneration } from './generation.js';
import type { Database } from './schema.js';

export interface AdvisoryWrite {
  /** Records to insert or replace (added, updated, newly withdrawn). */
  records: readonly OsvRecord[];
  /** Called after each written batch, for progress on long syncs. */
  onProgress?: (written: number, total: number) => void;
}

type Db = Kysely<Database & AdvisoryTables>;

/** Rows per multi-row INSERT: 5 columns × 200 stays far below both engines' parameter limits. */
const BATCH = 200;

/**
 * Synced OSV records in domain words, for both engines. A sync writes in one transaction
 * (all of it or nothing), bumps the store generation (decision caches) and the advisories
 * generation (the in-memory advisory index is rebuilt once per sync, not per request).
 */
export class AdvisoryStore {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<AdvisoryTables>();
  }

  /** id → `modified` and `withdrawn` of every stored record: the baseline of an incremental sync. */
  async knownState(): Promise<Map<string, { modified: string; withdrawn: string | null }>> {
    const rows = await this.db.selectFrom('advisories').select(['id', 'modified', 'withdrawn']).execute();
    return new Map(rows.map((r) => [r.id, { modified: r.modified, withdrawn: r.withdrawn }]));
  }

  /** Number of completed syncs; 0 means no advisories were ever synced (the gate fails closed). */
  async syncGeneration(): Promise<number> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', 'advisories_generation').executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('advisories').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Every stored record (written by a sync after schema validation). */
  async loadRecords(): Promise<OsvRecord[]> {
    const rows = await this.db.selectFrom('advisories').select('record').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.record) as OsvRecord);
  }

  /** Upserts records, then marks a completed sync; one transaction. */
  async write(w: AdvisoryWrite, now: Date): Promise<void> {
    const syncedAt = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < w.records.length; i += BATCH) {
        const batch = w.records.slice(i, i + BATCH);
        await trx.insertInto('advisories')
          .values(batch.map((r) => ({ id: r.id, modified: r.modified, withdrawn: r.withdrawn ?? null, record: JSON.stringify(r), synced_at: syncedAt })))
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
            modified: eb.ref('excluded.modified'), withdrawn: eb.ref('excluded.withdrawn'), record: eb.ref('excluded.record'), synced_at: eb.ref('excluded.synced_at'),
          })))
          .execute();
        w.onProgress?.(Math.min(i + BATCH, w.records.length), w.records.length);
      }
      await bumpGeneration(trx as unknown as Kysely<Database>, ['generation', 'advisories_generation']);
    });
  }
}

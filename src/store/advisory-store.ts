import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type CoverageCounts, coverageOf } from '../vuln/advisory-coverage.js';
import type { AdvisoryRepository, AdvisorySyncRecord, AdvisoryWrite } from '../vuln/advisory-repository.js';
import type { OsvRecord } from '../vuln/osv-record.js';
import type { Engine } from './dialect/engine.js';
import type { AdvisoryTables } from './migrations/002-advisories.js';
import type { AdvisorySyncTables } from './migrations/004-advisory-syncs.js';
import { bumpGeneration } from './generation.js';
import type { Database } from './schema.js';

type Db = Kysely<Database & AdvisoryTables & AdvisorySyncTables>;

/** Rows per multi-row INSERT: 5 columns × 200 stays far below both engines' parameter limits. */
const BATCH = 200;

/**
 * Synced OSV records in domain words, for both engines. A sync writes in one transaction
 * (all of it or nothing), bumps the store generation (decision caches) and the advisories
 * generation (the in-memory advisory index is rebuilt once per sync, not per request).
 */
export class AdvisoryStore implements AdvisoryRepository {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<AdvisoryTables & AdvisorySyncTables>();
  }

  /** id → `modified` and `withdrawn` of every stored record: the baseline of an incremental sync. */
  async knownState(): Promise<Map<string, { modified: string; withdrawn: string | null }>> {
    const rows = await this.db.selectFrom('advisories').select(['id', 'modified', 'withdrawn']).execute();
    return new Map(rows.map((r) => [r.id, { modified: r.modified, withdrawn: r.withdrawn }]));
  }

  /** Number of completed syncs; 0 means no advisories were ever synced (the gate fails closed). */
  async syncGeneration(): Promise<number> {
    const row = await this.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', 'advisories_generation')
      .executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('advisories')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** When the newest sync was recorded: one index look-up (migration 007 indexes synced_at). */
  async lastSyncedAt(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('advisory_syncs')
      .select('synced_at')
      .orderBy('synced_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.synced_at;
  }

  /** Every stored record (written by a sync after schema validation). */
  async loadRecords(): Promise<OsvRecord[]> {
    const rows = await this.db.selectFrom('advisories').select('record').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.record) as OsvRecord);
  }

  async recordsById(ids: readonly string[]): Promise<Map<string, { record: OsvRecord; syncedAt: string }>> {
    const out = new Map<string, { record: OsvRecord; syncedAt: string }>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('advisories')
        .select(['id', 'record', 'synced_at'])
        .where('id', 'in', ids.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.set(r.id, { record: JSON.parse(r.record) as OsvRecord, syncedAt: r.synced_at });
    }
    return out;
  }

  /** Every recorded sync, oldest first. */
  async syncs(): Promise<AdvisorySyncRecord[]> {
    const rows = await this.db
      .selectFrom('advisory_syncs')
      .selectAll()
      .orderBy('synced_at')
      .orderBy('generation')
      .execute();
    return rows.map((r) => ({
      syncedAt: r.synced_at,
      generation: Number(r.generation),
      sources: JSON.parse(r.sources) as string[],
      coverage: JSON.parse(r.coverage) as CoverageCounts,
    }));
  }

  /**
   * Records the sync and upserts its records, in one transaction. The generations (decision caches,
   * the advisory index) move only when something a decision reads changed: records, or an
   * ecosystem newly covered; a sync that changed nothing is still recorded with its coverage.
   */
  async write(w: AdvisoryWrite, now: Date): Promise<void> {
    const syncedAt = now.toISOString();
    // One read of the sync history: a store synced before (generation > 0) always has a row,
    // migration 004 backfills one, so no row means the first sync.
    const syncs = await this.syncs();
    const known = new Set(coverageOf(syncs).map((c) => c.ecosystem));
    const newlyCovered = Object.keys(w.sync.coverage).some((k) => !known.has(k));
    const first = syncs.length === 0;
    const bump = w.records.length > 0 || newlyCovered || first;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < w.records.length; i += BATCH) {
        const batch = w.records.slice(i, i + BATCH);
        await trx
          .insertInto('advisories')
          .values(
            batch.map((r) => ({
              id: r.id,
              modified: r.modified,
              withdrawn: r.withdrawn ?? null,
              record: JSON.stringify(r),
              synced_at: syncedAt,
            })),
          )
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              modified: eb.ref('excluded.modified'),
              withdrawn: eb.ref('excluded.withdrawn'),
              record: eb.ref('excluded.record'),
              synced_at: eb.ref('excluded.synced_at'),
            })),
          )
          .execute();
        w.onProgress?.(Math.min(i + BATCH, w.records.length), w.records.length);
      }
      if (bump) await bumpGeneration(trx as unknown as Kysely<Database>, ['generation', 'advisories_generation']);
      const meta = await trx
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'advisories_generation')
        .executeTakeFirst();
      await trx
        .insertInto('advisory_syncs')
        .values({
          id: randomUUID(),
          generation: Number(meta?.value ?? 0),
          synced_at: syncedAt,
          sources: JSON.stringify(w.sync.sources),
          coverage: JSON.stringify(w.sync.coverage),
        })
        .execute();
    });
  }
}

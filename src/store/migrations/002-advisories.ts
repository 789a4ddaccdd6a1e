import type { Engine } from '../dialect/engine.js';

/**
 * Vulnerability intelligence: synced OSV records and the waivers made through the
 * API/CLI. The record JSON stays authoritative; `modified` and `withdrawn` are copied out for the
 * incremental sync. Matching reads every record into the in-memory index once per sync
 * (app/advisory-provider.ts), so no per-package lookup table is kept. `meta.advisories_generation` counts completed syncs (0 = never synced).
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db.withTables<AdvisoryTables>();
  await db.schema
    .createTable('advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('withdrawn', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('waivers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('advisory', 'text')
    .addColumn('digest', 'text')
    .addColumn('purl', 'text')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('expires', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('waivers_expires').on('waivers').column('expires').execute();
  await db.insertInto('meta').values({ key: 'advisories_generation', value: 0 }).execute();
}

/** Tables of this migration, for `db.withTables<AdvisoryTables>()` (src/store/schema.ts is shared). */
export type AdvisoryTables = {
  advisories: { id: string; modified: string; withdrawn: string | null; record: string; synced_at: string };
  waivers: {
    id: string;
    advisory: string | null;
    digest: string | null;
    purl: string | null;
    owner: string;
    reason: string;
    created: string;
    expires: string;
    created_by: string | null;
  };
};

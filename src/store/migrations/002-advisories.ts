import type { Engine } from '../dialect/engine.js';

/**
 * Vulnerability intelligence (issue 5): synced OSV records, an (ecosystem, name) lookup table
 * derived from each record's `affected[].package`, and the waivers made through the API/CLI.
 * The record JSON stays authoritative; `modified` and `withdrawn` are copied out for the
 * incremental sync. `meta.advisories_generation` counts completed syncs (0 = never synced).
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
    .createTable('advisory_packages')
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('advisory_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('advisory_packages_pk', ['ecosystem', 'name', 'advisory_id'])
    .execute();
  await db.schema.createIndex('advisory_packages_advisory').on('advisory_packages').column('advisory_id').execute();
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
  advisory_packages: { ecosystem: string; name: string; advisory_id: string };
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

import type { CreateTableBuilder } from 'kysely';
import type { ComponentIndexTables } from '../component-index-tables.js';
import type { Engine } from '../dialect/engine.js';
import type { Sbom } from '../../domain/evidence.js';
import type { AdvisorySyncTables } from './004-advisory-syncs.js';
import { indexComponents } from '../component-index.js';

/**
 * The component index of the CVE watch: (ecosystem, normalized package name) → components →
 * digests, so a new advisory reaches the digests it affects without reading any SBOM. Components
 * repeat across images, so each distinct component is one row and each digest one row, linked by
 * two integers (10,000 images × 300 components is 3 million links). Beside it, per HTTP(S)
 * advisory source, the validators of the last response that was synced (ETag, Last-Modified),
 * for conditional requests. Stored SBOMs are indexed here, so the index is complete from the start.
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db.withTables<ComponentIndexTables & AdvisorySyncTables>();
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    t.addColumn('id', engine.autoIdType, (c) => {
      const pk = c.primaryKey();
      return engine.autoIdModifier === 'autoIncrement' ? pk.autoIncrement() : pk.generatedByDefaultAsIdentity();
    });
  await id(db.schema.createTable('indexed_components'))
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('component', 'text', (c) => c.notNull())
    .execute();
  // variant: a hash of the key and the component (attacker-controlled text kept out of the unique index).
  await db.schema
    .createIndex('indexed_components_variant')
    .on('indexed_components')
    .column('variant')
    .unique()
    .execute();
  await db.schema
    .createIndex('indexed_components_key')
    .on('indexed_components')
    .columns(['ecosystem', 'name'])
    .execute();
  await id(db.schema.createTable('indexed_digests'))
    .addColumn('digest', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('component_links')
    .addColumn('component_id', 'bigint', (c) => c.notNull())
    .addColumn('digest_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('component_links_pk', ['component_id', 'digest_id'])
    .execute();
  await db.schema
    .createTable('advisory_http_sources')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .execute();
  // The newest successful sync is read by every verify that checks max_advisory_age.
  await db.schema.createIndex('advisory_syncs_synced_at').on('advisory_syncs').column('synced_at').execute();

  const sboms = await db.selectFrom('evidence').select(['artifact', 'normalized']).where('kind', '=', 'sbom').execute();
  for (const s of sboms) {
    const components = (JSON.parse(s.normalized) as Partial<Sbom> | null)?.components;
    if (Array.isArray(components)) await indexComponents(engine.db, s.artifact, components);
  }
}

/** Tables of this migration (declared beside the indexing code, which this migration runs for its backfill). */
export type { ComponentIndexTables } from '../component-index-tables.js';

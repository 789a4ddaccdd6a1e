import { sql, type CreateTableBuilder } from 'kysely';
import type { Engine } from '../dialect/engine.js';

/** The core tables: artifacts and lineage, content-addressed blobs, evidence, decisions, revocations. */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db;
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    t.addColumn('id', engine.autoIdType, (c) => {
      const pk = c.primaryKey();
      return engine.autoIdModifier === 'autoIncrement' ? pk.autoIncrement() : pk.generatedByDefaultAsIdentity();
    });

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('meta').values({ key: 'generation', value: 0 }).execute();

  await db.schema
    .createTable('artifacts')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('artifact_parents')
    .addColumn('child', 'text', (c) => c.notNull())
    .addColumn('parent', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_parents_pk', ['child', 'parent'])
    .execute();
  await db.schema.createIndex('artifact_parents_parent').on('artifact_parents').column('parent').execute();

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', engine.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('evidence'))
    .addColumn('artifact', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evidence_unique', ['artifact', 'kind', 'blob_sha256'])
    .execute();
  await db.schema.createIndex('evidence_artifact').on('evidence').column('artifact').execute();

  await id(db.schema.createTable('decisions'))
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('allow', 'integer', (c) => c.notNull())
    .addColumn('policy_hash', 'text', (c) => c.notNull())
    .addColumn('inputs_key', 'text', (c) => c.notNull())
    .addColumn('evaluated_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_digest_env').on('decisions').columns(['digest', 'env', 'id']).execute();

  await id(db.schema.createTable('revocations'))
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revocations_digest').on('revocations').column('digest').execute();
  void sql;
}

import type { Engine } from '../dialect/engine.js';

/**
 * The ledger: entries (RFC 8785 canonical JSON bytes, dense 0-based index), every
 * perfect-subtree hash of the RFC 6962 tree (level 0 = leaf hashes), a one-row head whose
 * UPDATE serialises appends on both engines (a row lock on PostgreSQL, the write lock on
 * SQLite), and the signed checkpoints (C2SP signed notes). `kind` and `subject` are lookup
 * columns derived from the entry; the entry bytes stay authoritative.
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db;
  await db.schema
    .createTable('ledger_entries')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('entry', engine.blobType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entries_subject').on('ledger_entries').columns(['subject', 'idx']).execute();
  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', engine.blobType, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute();
  await db.schema
    .createTable('ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .withTables<{ ledger_head: { id: number; size: number } }>()
    .insertInto('ledger_head')
    .values({ id: 1, size: 0 })
    .execute();
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/** Tables of this migration, for `db.withTables<LedgerTables>()` (src/store/schema.ts is shared). */
export type LedgerTables = {
  ledger_entries: { idx: number; kind: string; subject: string | null; entry: Uint8Array };
  ledger_nodes: { level: number; idx: number; hash: Uint8Array };
  ledger_head: { id: number; size: number };
  ledger_checkpoints: { size: number; key_id: string; note: string; created_at: string };
};

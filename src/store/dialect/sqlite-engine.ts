import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from '../schema.js';
import type { Engine } from './engine.js';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

/**
 * Embedded default. WAL with synchronous=NORMAL keeps every committed transaction across a
 * process crash (kill -9); FULL also across power loss (SQLite docs, "WAL mode" §"Durability").
 */
export function sqliteEngine(file: string, synchronous: SqliteSynchronous = 'NORMAL'): Engine {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // 16 KiB pages: evidence documents are large (an SBOM is ~1 MB); they take half the time to
  // write as 4 KiB pages. Only takes effect on a new database, before the first table.
  sqlite.pragma('page_size = 16384');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    name: 'sqlite',
    db,
    autoIdType: 'integer',
    autoIdModifier: 'autoIncrement',
    blobType: 'blob',
    location: file,
    close: () => db.destroy(),
  };
}

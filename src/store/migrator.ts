import { sql } from 'kysely';
import type { Engine } from './dialect/engine.js';
import { StoreError } from './store-error.js';
import * as m001 from './migrations/001-core.js';
import * as m002 from './migrations/002-advisories.js';
import * as m003 from './migrations/003-ledger.js';
import * as m004 from './migrations/004-advisory-syncs.js';
import * as m005 from './migrations/005-events-outbox-leases.js';
import * as m006 from './migrations/006-revocation-lineage.js';
import * as m007 from './migrations/007-component-index.js';
import * as m009 from './migrations/009-approvals.js';
import * as m010 from './migrations/010-events-workload-index.js';

/**
 * Versioned migrations, applied in order on start, each in its own transaction where the
 * engine allows DDL in transactions (both ours do). Imported statically, so the built CLI
 * finds them relative to its own modules, never the working directory.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; up: (e: Engine) => Promise<void> }> = [
  { version: 1, name: '001-core', up: m001.up },
  { version: 2, name: '002-advisories', up: m002.up },
  { version: 3, name: '003-ledger', up: m003.up },
  { version: 4, name: '004-advisory-syncs', up: m004.up },
  { version: 5, name: '005-events-outbox-leases', up: m005.up },
  { version: 6, name: '006-revocation-lineage', up: m006.up },
  { version: 7, name: '007-component-index', up: m007.up },
  { version: 9, name: '009-approvals', up: m009.up },
  { version: 10, name: '010-events-workload-index', up: m010.up },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function migrate(engine: Engine): Promise<number> {
  const db = engine.db;
  await sql`CREATE TABLE IF NOT EXISTS mc_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`.execute(
    db,
  );
  const applied = new Set(
    (await sql<{ version: number }>`SELECT version FROM mc_migrations`.execute(db)).rows.map((r) => Number(r.version)),
  );
  let count = 0;
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    try {
      await db.transaction().execute(async (trx) => {
        await m.up({ ...engine, db: trx });
        await sql`INSERT INTO mc_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date().toISOString()})`.execute(
          trx,
        );
      });
      count++;
    } catch (e) {
      // Another replica may have applied it at the same moment; re-check before failing.
      const now = (
        await sql<{ version: number }>`SELECT version FROM mc_migrations WHERE version = ${m.version}`.execute(db)
      ).rows;
      if (now.length === 0)
        throw new StoreError('MIGRATION_FAILED', `migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
    }
  }
  return count;
}

export async function currentVersion(engine: Engine): Promise<number> {
  const rows = (await sql<{ v: number | null }>`SELECT max(version) AS v FROM mc_migrations`.execute(engine.db)).rows;
  return Number(rows[0]?.v ?? 0);
}

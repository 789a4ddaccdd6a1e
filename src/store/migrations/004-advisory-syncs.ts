import { randomUUID } from 'node:crypto';
import type { Engine } from '../dialect/engine.js';
import { countCoverage } from '../../vuln/advisory-coverage.js';
import type { OsvRecord } from '../../vuln/osv-record.js';
import type { AdvisoryTables } from './002-advisories.js';

/**
 * One row per advisory sync: when it ran, what it read, and which ecosystems its sources held
 * records of (its coverage, `{ "npm": 120, "Debian:12": 40 }`). A component of an ecosystem no
 * sync covered has an unknown vulnerability state. A store synced before this table existed gets
 * one row derived from the records it holds, so its coverage is not lost.
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db.withTables<AdvisoryTables & AdvisorySyncTables>();
  await db.schema
    .createTable('advisory_syncs')
    // A random id: a sync that changed nothing records its coverage without a new generation.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('coverage', 'text', (c) => c.notNull())
    .execute();
  const meta = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'advisories_generation')
    .executeTakeFirst();
  const generation = Number(meta?.value ?? 0);
  if (generation === 0) return;
  const rows = await db.selectFrom('advisories').select(['record', 'synced_at']).execute();
  const coverage = countCoverage(rows.map((r) => JSON.parse(r.record) as OsvRecord));
  // ISO 8601 UTC strings order as the instants they name.
  const syncedAt = rows.reduce((max, r) => (r.synced_at > max ? r.synced_at : max), '1970-01-01T00:00:00.000Z');
  await db
    .insertInto('advisory_syncs')
    .values({
      id: randomUUID(),
      generation,
      synced_at: syncedAt,
      sources: JSON.stringify(['(records stored before coverage was recorded)']),
      coverage: JSON.stringify(coverage),
    })
    .execute();
}

export type AdvisorySyncTables = {
  advisory_syncs: { id: string; generation: number; synced_at: string; sources: string; coverage: string };
};

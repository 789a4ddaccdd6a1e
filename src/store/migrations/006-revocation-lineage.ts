import { sql } from 'kysely';
import type { Digest } from '../../domain/digest.js';
import { REVOCATION_CAUSES } from '../../domain/revocation.js';
import type { Engine } from '../dialect/engine.js';
import { propagate } from '../revocation-propagation.js';
import { revocationEffects, type RecordedChange } from '../revocation-effects.js';
import { ALL_ENVS, toRevocation, type RevocationRow } from '../revocation-rows.js';
import { writeStateEffects } from '../state-effects-writer.js';

/**
 * Revocations per (digest, environment), each with its cause, chain and end. A revocation of an
 * ancestor is materialized on every descendant (cause `lineage`, `root_id` the direct one), so
 * the promotable gate reads one indexed row set instead of walking the graph on every decision,
 * and reinstating ends exactly what was propagated. Rows written before keep their reason; their
 * cause comes from `source` (which held it), `source` becomes who asked, and their descendants
 * get their propagated rows now, each recorded (ledger entry and event, actor `migration`).
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db;
  const add = (name: string, type: 'text' | 'bigint', dflt?: string) =>
    db.schema
      .alterTable('revocations')
      .addColumn(name, type, (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt)))
      .execute();
  await add('env', 'text', ALL_ENVS);
  await add('cause', 'text', 'manual');
  await add('root_cause', 'text');
  await add('chain', 'text', '[]');
  await add('advisory', 'text');
  await add('root_id', 'bigint');
  await add('scope', 'text', '');
  await add('ended_at', 'text');
  await add('ended_by', 'text');
  await add('end_reason', 'text');

  const old = await db.selectFrom('revocations').selectAll().orderBy('id').execute();
  const active = new Map<string, number>();
  for (const r of old) {
    const known = REVOCATION_CAUSES.find((c) => c === r.source && c !== 'lineage');
    const cause = known ?? 'manual';
    const scope = `${cause}:`;
    const first = active.get(`${r.digest}|${scope}`);
    await db
      .updateTable('revocations')
      .set({
        cause,
        chain: JSON.stringify([r.digest as Digest]),
        scope,
        source: r.created_by ?? r.source,
        // Before, each revoke added a row: a repeat of an active one is closed as the duplicate it was.
        ...(first === undefined
          ? {}
          : { ended_at: r.created_at, ended_by: 'migration', end_reason: `duplicate of revocation ${first}` }),
      })
      .where('id', '=', r.id)
      .execute();
    if (first === undefined) active.set(`${r.digest}|${scope}`, Number(r.id));
  }
  const roots = await db.selectFrom('revocations').selectAll().where('ended_at', 'is', null).orderBy('id').execute();
  const propagated: RecordedChange[] = [];
  for (const root of roots)
    for (const row of await propagate(db, root as RevocationRow, root.created_at))
      propagated.push({
        change: { action: 'revoke', revocation: toRevocation(row) },
        actor: 'migration',
        note: row.reason,
      });
  // Each propagated row is a state change of its own: recorded like any other (ledger entry, event).
  const now = new Date().toISOString();
  if (propagated.length > 0) await writeStateEffects(db, revocationEffects(propagated, now), now);

  await db.schema
    .createIndex('revocations_active')
    .on('revocations')
    .columns(['digest', 'env', 'scope'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema.createIndex('revocations_root').on('revocations').column('root_id').execute();
  await db.schema.createIndex('revocations_cause').on('revocations').columns(['cause', 'advisory']).execute();
}

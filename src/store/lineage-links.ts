import type { Kysely } from 'kysely';
import type { Digest } from '../domain/digest.js';
import { RevocationError } from '../domain/revocation-error.js';
import { cycleOf, walkLineage } from '../graph/lineage-walk.js';
import type { RecordedChange } from './revocation-effects.js';
import { propagate } from './revocation-propagation.js';
import { activeRows, parentEdges, toRevocation } from './revocation-rows.js';
import type { Database } from './schema.js';

/**
 * Links `child` to each parent inside the caller's transaction (the ingest's). A link that would
 * close a loop is refused (`LINEAGE_CYCLE`, naming the loop) and the whole ingest rolls back: in a
 * loop a revocation would propagate to its own origin. A child linked to a parent that is revoked
 * inherits the parent's active revocations, and so do the child's own descendants; the returned
 * changes are recorded by the caller in the same transaction.
 */
export async function linkParents(
  db: Kysely<Database>,
  child: Digest,
  parents: readonly Digest[],
  now: string,
): Promise<RecordedChange[]> {
  const changes: RecordedChange[] = [];
  for (const parent of parents) {
    await db
      .insertInto('artifacts')
      .values({ digest: parent, name: null, created_at: now })
      .onConflict((oc) => oc.column('digest').doNothing())
      .execute();
    const linked = await db
      .selectFrom('artifact_parents')
      .select('child')
      .where('child', '=', child)
      .where('parent', '=', parent)
      .executeTakeFirst();
    if (linked) continue;
    const loop = cycleOf(child, parent, await walkLineage(parent, parentEdges(db), (d) => d === child));
    if (loop)
      throw new RevocationError(
        'LINEAGE_CYCLE',
        `${parent} cannot be a parent of ${child}: the lineage would loop (${loop.join(' → ')})`,
        { path: 'parent' },
      );
    await db.insertInto('artifact_parents').values({ child, parent }).execute();
    for (const row of await activeRows(db, { digests: [parent] }))
      for (const inherited of await propagate(db, row, now))
        changes.push({
          change: { action: 'revoke', revocation: toRevocation(inherited) },
          actor: inherited.source,
          note: inherited.reason,
        });
  }
  return changes;
}

import type { Kysely, Selectable } from 'kysely';
import type { Digest } from '../domain/digest.js';
import type { Revocation, RevocationCause } from '../domain/revocation.js';
import type { EdgeLoader, LineageEdge } from '../graph/lineage-walk.js';
import type { Database } from './schema.js';

export type RevocationRow = Selectable<Database['revocations']>;
type Db = Kysely<Database>;

/** The `env` of a revocation that holds in every environment (no environment name can be `*`). */
export const ALL_ENVS = '*';
/** Bound on the values of one `IN (…)` list, far below both engines' parameter limits. */
const IN_CHUNK = 500;
/** Rows per multi-row INSERT (14 columns each). */
const INSERT_CHUNK = 50;

export function toRevocation(r: RevocationRow): Revocation {
  const chain = JSON.parse(r.chain) as Digest[];
  const cause = r.cause as RevocationCause;
  return {
    digest: r.digest as Digest,
    ...(r.env === ALL_ENVS ? {} : { env: r.env }),
    cause,
    chain,
    reason: r.reason,
    source: r.source,
    ...(r.advisory ? { advisory: r.advisory } : {}),
    createdAt: r.created_at,
    ...(cause === 'lineage' && chain[0] ? { inheritedFrom: chain[0] } : {}),
    ...(cause === 'lineage' && r.root_cause ? { rootCause: r.root_cause as Revocation['rootCause'] } : {}),
  };
}

/** Splits a list for `IN (…)`; runs `query` per piece and concatenates the results. */
export async function inChunks<T, R>(values: readonly T[], query: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) out.push(...(await query(values.slice(i, i + IN_CHUNK))));
  return out;
}

export interface ActiveFilter {
  digests?: readonly string[];
  /** Rows of these environments (`*` included explicitly when wanted). */
  envs?: readonly string[];
  cause?: string;
  advisory?: string;
  scope?: string;
  rootIds?: readonly number[];
}

/** Active (not ended) rows, oldest first. */
export async function activeRows(db: Db, f: ActiveFilter = {}): Promise<RevocationRow[]> {
  const run = (digests?: string[]) => {
    let q = db.selectFrom('revocations').selectAll().where('ended_at', 'is', null).orderBy('id');
    if (digests) q = q.where('digest', 'in', digests);
    if (f.envs) q = q.where('env', 'in', [...f.envs]);
    if (f.cause) q = q.where('cause', '=', f.cause);
    if (f.advisory) q = q.where('advisory', '=', f.advisory);
    if (f.scope) q = q.where('scope', '=', f.scope);
    if (f.rootIds) q = q.where('root_id', 'in', [...f.rootIds]);
    return q.execute();
  };
  if (f.rootIds?.length === 0 || f.envs?.length === 0) return [];
  if (f.digests === undefined) return run();
  const rows = await inChunks([...new Set(f.digests)], run);
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Edges towards children (`parent → child`), one query per frontier chunk. */
export const childEdges =
  (db: Db): EdgeLoader =>
  (frontier) =>
    inChunks(frontier, async (part) =>
      (await db.selectFrom('artifact_parents').select(['parent', 'child']).where('parent', 'in', part).execute()).map(
        (r): LineageEdge => ({ from: r.parent as Digest, to: r.child as Digest }),
      ),
    );

/** Edges towards parents (`child → parent`). */
export const parentEdges =
  (db: Db): EdgeLoader =>
  (frontier) =>
    inChunks(frontier, async (part) =>
      (await db.selectFrom('artifact_parents').select(['parent', 'child']).where('child', 'in', part).execute()).map(
        (r): LineageEdge => ({ from: r.child as Digest, to: r.parent as Digest }),
      ),
    );

export type NewRevocationRow = Omit<RevocationRow, 'id' | 'ended_at' | 'ended_by' | 'end_reason'>;

/** Inserts rows and returns them as stored (ids included), in the order given. */
export async function insertRows(db: Db, rows: readonly NewRevocationRow[]): Promise<RevocationRow[]> {
  const out: RevocationRow[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    const stored = await db.insertInto('revocations').values(part).returningAll().execute();
    // RETURNING order follows the VALUES order on both engines for a plain INSERT; sort by id to be sure.
    out.push(...stored.sort((a, b) => Number(a.id) - Number(b.id)));
  }
  return out;
}

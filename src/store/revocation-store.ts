import type { Kysely } from 'kysely';
import type { Digest } from '../domain/digest.js';
import type {
  LineageNode,
  LineageView,
  ReinstateRequest,
  Revocation,
  RevocationCause,
  RevocationChange,
  RevocationRepository,
  RevocationRequest,
  RevokeRequest,
} from '../domain/revocation.js';
import { RevocationError } from '../domain/revocation-error.js';
import type { StateEffects } from '../domain/state-effects.js';
import { walkLineage, type Reached } from '../graph/lineage-walk.js';
import type { Engine } from './dialect/engine.js';
import { bumpGeneration } from './generation.js';
import { revocationEffects, type RecordedChange } from './revocation-effects.js';
import { propagate } from './revocation-propagation.js';
import {
  ALL_ENVS,
  activeRows,
  childEdges,
  inChunks,
  insertRows,
  parentEdges,
  toRevocation,
  type RevocationRow,
} from './revocation-rows.js';
import type { Database } from './schema.js';
import { writeStateEffects } from './state-effects-writer.js';

/** Thrown inside a transaction that changed nothing, so it rolls back (no generation bump, no cache flush). */
const UNCHANGED = Symbol('unchanged');

/** Revocations per (digest, environment), materialized on every descendant, for both engines. */
export class RevocationStore implements RevocationRepository {
  private readonly db: Kysely<Database>;

  constructor(
    engine: Engine,
    private readonly clock: () => Date,
  ) {
    this.db = engine.db;
  }

  async apply(
    requests: readonly RevocationRequest[],
    effects?: (changes: readonly RevocationChange[]) => StateEffects,
  ): Promise<RevocationChange[]> {
    const now = this.clock().toISOString();
    try {
      return await this.db.transaction().execute(async (trx) => {
        // The first statement takes the generation row: concurrent writers (other replicas, a CVE
        // tick beside a manual revoke) queue here, and each then reads what the previous committed.
        await bumpGeneration(trx);
        const recorded: RecordedChange[] = [];
        for (const request of requests)
          recorded.push(
            ...(request.action === 'revoke' ? await revoke(trx, request, now) : await reinstate(trx, request, now)),
          );
        if (recorded.length === 0) throw UNCHANGED;
        const changes = recorded.map((r) => r.change);
        await writeStateEffects(trx, revocationEffects(recorded, now, effects?.(changes)), now);
        return changes;
      });
    } catch (e) {
      if (e === UNCHANGED) return [];
      throw e;
    }
  }

  async active(digest: Digest, env: string): Promise<Revocation[]> {
    return (await activeRows(this.db, { digests: [digest], envs: [env, ALL_ENVS] })).map(toRevocation);
  }

  async listActive(filter: { cause?: RevocationCause; advisory?: string; digests?: readonly Digest[] }) {
    return (await activeRows(this.db, filter)).map(toRevocation);
  }

  async lineage(digest: Digest): Promise<LineageView | undefined> {
    const artifact = await this.db
      .selectFrom('artifacts')
      .select('name')
      .where('digest', '=', digest)
      .executeTakeFirst();
    if (!artifact) return undefined;
    const [ancestors, descendants] = await Promise.all([
      walkLineage(digest, parentEdges(this.db)),
      walkLineage(digest, childEdges(this.db)),
    ]);
    const all = [digest, ...ancestors.map((r) => r.digest), ...descendants.map((r) => r.digest)];
    const names = new Map(
      (
        await inChunks(all, (part) =>
          this.db.selectFrom('artifacts').select(['digest', 'name']).where('digest', 'in', part).execute(),
        )
      ).map((r) => [r.digest, r.name]),
    );
    const revocations = new Map<string, Revocation[]>();
    for (const row of await activeRows(this.db, { digests: all })) {
      const list = revocations.get(row.digest) ?? [];
      list.push(toRevocation(row));
      revocations.set(row.digest, list);
    }
    const node = (r: Reached): LineageNode => ({
      digest: r.digest,
      name: names.get(r.digest) ?? null,
      depth: r.depth,
      revocations: revocations.get(r.digest) ?? [],
    });
    return {
      digest,
      name: artifact.name,
      revocations: revocations.get(digest) ?? [],
      ancestors: ancestors.map(node),
      descendants: descendants.map(node),
    };
  }
}

const scopeOf = (cause: string, advisory?: string): string => `${cause}:${advisory ?? ''}`;
/** PostgreSQL refuses U+0000 in text: a watcher's reason (advisory text) must not fail one engine only. */
const storable = (text: string): string => text.replaceAll('\u0000', '\ufffd');

/** A direct revocation and everything it propagates; nothing when the same one is active already. */
async function revoke(db: Kysely<Database>, req: RevokeRequest, now: string): Promise<RecordedChange[]> {
  const known = await db.selectFrom('artifacts').select('digest').where('digest', '=', req.digest).executeTakeFirst();
  if (!known)
    throw new RevocationError('ARTIFACT_UNKNOWN', `${req.digest} is not in the store; ingest its evidence first`, {
      path: 'digest',
    });
  const env = req.env ?? ALL_ENVS;
  const scope = scopeOf(req.cause, req.advisory);
  if ((await activeRows(db, { digests: [req.digest], envs: [env], scope })).length > 0) return [];
  const [root] = await insertRows(db, [
    {
      digest: req.digest,
      env,
      cause: req.cause,
      root_cause: null,
      chain: JSON.stringify([req.digest]),
      advisory: req.advisory ?? null,
      reason: storable(req.reason),
      source: req.actor,
      created_by: req.actor,
      created_at: now,
      root_id: null,
      scope,
    },
  ]);
  const rows = [root!, ...(await propagate(db, root!, now))];
  return rows.map((row) => ({
    change: { action: 'revoke', revocation: toRevocation(row) },
    actor: req.actor,
    note: row.reason,
  }));
}

/** Ends the matching direct revocations of the digest and every row they propagated. */
async function reinstate(db: Kysely<Database>, req: ReinstateRequest, now: string): Promise<RecordedChange[]> {
  const roots = (
    await activeRows(db, {
      digests: [req.digest],
      ...(req.env ? { envs: [req.env] } : {}),
      ...(req.cause ? { cause: req.cause } : {}),
      ...(req.advisory ? { advisory: req.advisory } : {}),
    })
  ).filter((r) => r.cause !== 'lineage');
  if (roots.length === 0) return [];
  const propagated = await activeRows(db, { rootIds: roots.map((r) => Number(r.id)) });
  const ended: RevocationRow[] = [...roots, ...propagated];
  await inChunks(
    ended.map((r) => Number(r.id)),
    async (ids) => {
      await db
        .updateTable('revocations')
        .set({ ended_at: now, ended_by: req.actor, end_reason: storable(req.reason) })
        .where('id', 'in', ids)
        .execute();
      return [];
    },
  );
  return ended.map((row) => ({
    change: { action: 'reinstate', revocation: toRevocation(row) },
    actor: req.actor,
    note: req.reason,
  }));
}

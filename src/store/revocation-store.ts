import type { Kysely } from 'kysely';
import type { Digest } from '../domain/digest.js';
import type {
  LineageNode,
  LineageView,
  Revocation,
  RevocationCause,
  RevocationChange,
  RevocationRepository,
  RevocationRequest,
} from '../domain/revocation.js';
import type { StateEffects } from '../domain/state-effects.js';
import { walkLineage, type Reached } from '../graph/lineage-walk.js';
import type { Engine } from './dialect/engine.js';
import { bumpGeneration } from './generation.js';
import { applyBatch } from './revocation-batch.js';
import { revocationEffects } from './revocation-effects.js';
import { ALL_ENVS, activeRows, childEdges, inChunks, parentEdges, toRevocation } from './revocation-rows.js';
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
        const recorded = await applyBatch(trx, requests, now);
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

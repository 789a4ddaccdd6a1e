import type { Kysely } from 'kysely';
import type { Digest } from '../domain/digest.js';
import { walkLineage } from '../graph/lineage-walk.js';
import { activeRows, childEdges, insertRows, type RevocationRow } from './revocation-rows.js';
import type { Database } from './schema.js';

/** What makes a propagated row unique among the active rows of (digest, env): the revocation it came from. */
export const lineageScope = (rootId: number): string => `lineage:${rootId}`;

/**
 * Materializes `from` (an active row of some digest) on every descendant of that digest that does
 * not hold it yet: one `lineage` row per (descendant, environment, direct revocation), its chain
 * `from`'s chain extended by the shortest path down. Runs inside the caller's transaction, so a
 * revocation and everything it propagates commit together. Returns the rows it wrote.
 */
export async function propagate(db: Kysely<Database>, from: RevocationRow, now: string): Promise<RevocationRow[]> {
  const reached = await walkLineage(from.digest as Digest, childEdges(db));
  if (reached.length === 0) return [];
  const rootId = Number(from.root_id ?? from.id);
  const scope = lineageScope(rootId);
  const holding = await activeRows(db, { digests: reached.map((r) => r.digest), envs: [from.env], scope });
  const have = new Set(holding.map((r) => r.digest));
  const chain = JSON.parse(from.chain) as Digest[];
  const rootCause = from.cause === 'lineage' ? from.root_cause : from.cause;
  const rows = reached
    .filter((r) => !have.has(r.digest) && !chain.includes(r.digest))
    .map((r) => ({
      digest: r.digest,
      env: from.env,
      cause: 'lineage',
      root_cause: rootCause,
      chain: JSON.stringify([...chain, ...r.path.slice(1)]),
      advisory: from.advisory,
      reason: from.reason,
      source: from.source,
      created_by: from.created_by,
      created_at: now,
      root_id: rootId,
      scope,
    }));
  return insertRows(db, rows);
}

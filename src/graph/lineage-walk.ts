import type { Digest } from '../domain/digest.js';

/** One step of the lineage graph, in the direction walked: `from` → `to` (child → parent, or parent → child). */
export interface LineageEdge {
  from: Digest;
  to: Digest;
}

/** A digest reached by a walk: how far from the start, and the path that reached it (start first). */
export interface Reached {
  digest: Digest;
  depth: number;
  path: Digest[];
}

/** Loads the edges leaving every digest of a frontier (one query per level, not per digest). */
export type EdgeLoader = (frontier: readonly Digest[]) => Promise<readonly LineageEdge[]>;

/**
 * A walk past this many digests stops: lineage is a DAG of modest size (base images, build inputs),
 * and a graph this large means data nobody should propagate through blindly.
 */
export const MAX_LINEAGE_NODES = 100_000;

/**
 * Breadth-first walk from `start` (not included), each digest reported once, by its shortest
 * path: the chain a revocation names is then the shortest explanation. Guards against cycles
 * (which the store refuses, but data written before the check existed may hold) by never
 * revisiting a digest. `stop` ends the walk as soon as a digest it accepts is reached.
 */
export async function walkLineage(
  start: Digest,
  next: EdgeLoader,
  stop?: (digest: Digest) => boolean,
  limit = MAX_LINEAGE_NODES,
): Promise<Reached[]> {
  const seen = new Map<Digest, Reached>([[start, { digest: start, depth: 0, path: [start] }]]);
  const out: Reached[] = [];
  let frontier: Digest[] = [start];
  while (frontier.length > 0 && seen.size <= limit) {
    const edges = await next(frontier);
    const following: Digest[] = [];
    for (const { from, to } of [...edges].sort(byEdge)) {
      if (seen.has(to)) continue;
      const via = seen.get(from);
      if (via === undefined) continue;
      const reached = { digest: to, depth: via.depth + 1, path: [...via.path, to] };
      seen.set(to, reached);
      out.push(reached);
      following.push(to);
      if (stop?.(to)) return out;
    }
    frontier = following;
  }
  return out;
}

/** Deterministic order within a level, so the same graph always yields the same chains. */
function byEdge(a: LineageEdge, b: LineageEdge): number {
  return a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0;
}

/**
 * The cycle that linking `child` to `parent` would close, or undefined. `upFromParent` are the
 * ancestors of `parent` (a walk towards parents); a cycle exists when `child` is among them (or
 * is `parent` itself). Returned as the loop it would make, child first and last:
 * child → parent → … → child.
 */
export function cycleOf(child: Digest, parent: Digest, upFromParent: readonly Reached[]): Digest[] | undefined {
  if (child === parent) return [child, child];
  const hit = upFromParent.find((r) => r.digest === child);
  return hit === undefined ? undefined : [child, ...hit.path];
}

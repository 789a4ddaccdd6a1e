import type { CompiledAffected, VersionProbe } from './range-evaluator.js';
import type { VersionOrder } from './versioning/version-scheme.js';

/**
 * A package's versions, partitioned into cells that every advisory of the package treats alike.
 * Range evaluation looks at a component's version in two ways only: whether its string is listed
 * verbatim in some `versions`, and how its parsed key compares with the keys the advisories hold
 * (events, limits, listed versions), per ordering. Sort those keys once per ordering: two valid
 * versions at the same position — equal to the same key, or strictly between the same two — compare
 * alike with every one of them (the orderings are total preorders: the version-scheme contract),
 * so every verdict is the same for both. A new version in a known cell then costs a binary search
 * per ordering instead of an evaluation of every advisory; versions listed verbatim get no cell.
 * What a cell maps to is the caller's (bounded here: when full, forgotten at once).
 */
export class VersionCells<T> {
  private readonly orders: VersionOrder[] = [];
  private readonly bounds: unknown[][] = [];
  private readonly listed = new Set<string>();
  private readonly known = new Map<string, T>();

  constructor(
    affected: Iterable<CompiledAffected>,
    private readonly capacity = 4096,
  ) {
    const byOrder = new Map<VersionOrder, unknown[]>();
    for (const a of affected) {
      for (const v of a.listedVersions) this.listed.add(v);
      for (const [order, keys] of a.bounds()) {
        const all = byOrder.get(order);
        if (all === undefined) byOrder.set(order, [...keys]);
        else all.push(...keys);
      }
    }
    for (const [order, keys] of byOrder) {
      keys.sort((a, b) => order.compare(a, b));
      const unique = keys.filter((k, i) => i === 0 || order.compare(keys[i - 1], k) !== 0);
      this.orders.push(order);
      this.bounds.push(unique);
    }
  }

  /**
   * The probe's cell: per ordering, its position among the sorted keys (`x` when it does not
   * parse there), or undefined when its string is listed verbatim somewhere.
   */
  cellOf(probe: VersionProbe): string | undefined {
    if (this.listed.has(probe.version)) return undefined;
    let cell = '';
    for (let i = 0; i < this.orders.length; i++) {
      const order = this.orders[i]!;
      const key = probe.keyIn(order);
      cell += key === undefined ? 'x,' : `${position(this.bounds[i]!, key, order)},`;
    }
    return cell;
  }

  get(cell: string): T | undefined {
    return this.known.get(cell);
  }

  set(cell: string, value: T): void {
    if (this.known.size >= this.capacity) this.known.clear();
    this.known.set(cell, value);
  }
}

/** 2i+1 when `key` equals sorted[i]; 2i when it lies strictly between sorted[i-1] and sorted[i]. */
function position(sorted: readonly unknown[], key: unknown, order: VersionOrder): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order.compare(sorted[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && order.compare(sorted[lo], key) === 0 ? 2 * lo + 1 : 2 * lo;
}

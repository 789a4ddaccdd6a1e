import { mergeByAlias, type MatchedAdvisory, type MergedAdvisory } from './alias-merge.js';

/** Distinct matched-record sets remembered; when full, forgotten at once. */
const CAPACITY = 50_000;

/**
 * mergeByAlias for a set of matched records, remembered per set: many versions of a package
 * match the same records, and the merge (union-find, sorts) would otherwise be redone for each.
 * The merged advisories are shared by every finding built from them: frozen, like every
 * remembered answer.
 */
export class MergeMemo {
  private readonly known = new Map<string, readonly MergedAdvisory[]>();

  merged(matched: readonly MatchedAdvisory[]): readonly MergedAdvisory[] {
    if (matched.length === 0) return [];
    let key = matched[0]!.record.id;
    for (let i = 1; i < matched.length; i++) key += `\u0000${matched[i]!.record.id}`;
    let merged = this.known.get(key);
    if (merged === undefined) {
      if (this.known.size >= CAPACITY) this.known.clear();
      merged = mergeByAlias(matched).map((m) => freeze({ ...m, aliases: freeze(m.aliases) }));
      this.known.set(key, merged);
    }
    return merged;
  }
}

/** Frozen, keeping its type (Object.freeze's Readonly<T> would not fit the shared Finding fields). */
function freeze<T extends object>(o: T): T {
  return Object.freeze(o);
}

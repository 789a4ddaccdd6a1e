import { SEVERITY_ORDER, type Severity } from '../domain/evidence.js';
import type { OsvRecord } from './osv-record.js';

/**
 * Records matched for one component that name each other through `aliases` (OSV schema
 * §aliases: the same vulnerability in another database) become one finding listing its id and
 * every alias. `related` names a different vulnerability and never merges.
 */
export interface MatchedAdvisory {
  record: OsvRecord;
  severity: Severity;
}

export interface MergedAdvisory {
  advisoryId: string;
  aliases: string[];
  severity: Severity;
}

export function mergeByAlias(matched: readonly MatchedAdvisory[]): MergedAdvisory[] {
  if (matched.length === 0) return [];
  if (matched.length === 1) {
    const m = matched[0]!;
    return [{ advisoryId: m.record.id, aliases: [...new Set(m.record.aliases ?? [])].sort(), severity: m.severity }];
  }
  // Union-find over the matched records, joined by any shared id or alias.
  const parent = matched.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  matched.forEach((m, i) => {
    for (const name of [m.record.id, ...(m.record.aliases ?? [])]) {
      const j = owner.get(name);
      if (j === undefined) owner.set(name, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, MatchedAdvisory[]>();
  matched.forEach((m, i) => {
    const g = find(i);
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [m]);
    else list.push(m);
  });
  const out: MergedAdvisory[] = [];
  for (const group of groups.values()) {
    const ids = [...new Set(group.map((m) => m.record.id))].sort();
    const advisoryId = ids[0]!;
    const names = new Set<string>();
    for (const m of group) for (const n of [m.record.id, ...(m.record.aliases ?? [])]) names.add(n);
    names.delete(advisoryId);
    out.push({ advisoryId, aliases: [...names].sort(), severity: worst(group.map((m) => m.severity)) });
  }
  return out.sort((a, b) => (a.advisoryId < b.advisoryId ? -1 : a.advisoryId > b.advisoryId ? 1 : 0));
}

/** The worst known severity; UNKNOWN only when no record of the group is rated. */
function worst(severities: Severity[]): Severity {
  let best = -1;
  for (const s of severities) best = Math.max(best, SEVERITY_ORDER.indexOf(s));
  return best < 0 ? 'UNKNOWN' : SEVERITY_ORDER[best]!;
}

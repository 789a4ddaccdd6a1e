/**
 * Candidate-by-candidate comparison with the peer. The peer returns every advisory naming a
 * package; we keep those whose ranges contain the version. Each peer candidate we do not report
 * as a finding gets a reason; so does each finding of ours the peer did not offer. Counted over
 * every component occurrence (distinct purls are evaluated once and weighted).
 */
import type { AdvisoryIndex, SchemeLookup } from '../src/vuln/matcher.js';
import { evaluateAffected } from '../src/vuln/range-evaluator.js';
import type { OsvRecord } from '../src/vuln/osv-record.js';
import type { BenchComponent } from './vuln-lib-data.js';
import type { Peer } from './vuln-lib-peer.js';

export interface Explanation {
  distinct_components: number;
  peer_candidates: number;
  kept_as_finding: number;
  kept_merged_into_alias: number;
  dropped: Record<string, number>;
  ours_not_offered_by_peer: Record<string, number>;
  unexplained: number;
}

export async function explain(
  index: AdvisoryIndex,
  peer: Peer,
  sboms: BenchComponent[][],
  schemeFor: SchemeLookup,
  withdrawn: (r: OsvRecord) => boolean,
): Promise<Explanation> {
  const weight = new Map<string, { c: BenchComponent; n: number }>();
  for (const s of sboms)
    for (const c of s) {
      const w = weight.get(c.purl!);
      if (w === undefined) weight.set(c.purl!, { c, n: 1 });
      else w.n++;
    }
  const out: Explanation = {
    distinct_components: weight.size,
    peer_candidates: 0,
    kept_as_finding: 0,
    kept_merged_into_alias: 0,
    dropped: {},
    ours_not_offered_by_peer: {},
    unexplained: 0,
  };
  const add = (m: Record<string, number>, k: string, n: number) => (m[k] = (m[k] ?? 0) + n);
  for (const { c, n } of weight.values()) {
    const ours = index.match([c]);
    const primary = new Set(ours.findings.map((f) => f.advisoryId));
    const aliases = new Set(ours.findings.flatMap((f) => f.aliases));
    const undecided = new Map(ours.notEvaluable.filter((u) => u.finding).map((u) => [u.finding!.advisoryId, u.reason]));
    const candidates = await peer.getVulnerabilities(c.osvEcosystem, c.osvName);
    const offered = new Set(candidates.map((r) => r.id));
    const version = c.osvEcosystem === 'Go' ? c.version!.slice(1) : c.version!;
    for (const r of candidates) {
      out.peer_candidates += n;
      if (primary.has(r.id)) out.kept_as_finding += n;
      else if (aliases.has(r.id)) out.kept_merged_into_alias += n;
      else if (withdrawn(r)) add(out.dropped, 'withdrawn', n);
      else if (undecided.has(r.id)) add(out.dropped, `not evaluable (reported): ${undecided.get(r.id)}`, n);
      else {
        const verdicts = (r.affected ?? [])
          .filter((a) => a.package?.name === c.osvName)
          .map((a) => evaluateAffected(a, version, schemeFor(a.package!.ecosystem)).status);
        if (verdicts.length > 0 && verdicts.every((v) => v === 'not-affected'))
          add(out.dropped, 'version outside every range and not in versions', n);
        else {
          out.unexplained += n;
          add(out.dropped, `UNEXPLAINED (${verdicts.join(',')})`, n);
        }
      }
    }
    for (const f of ours.findings) {
      if ([f.advisoryId, ...f.aliases].some((id) => offered.has(id))) continue;
      add(out.ours_not_offered_by_peer, reasonPeerMissed(index, c), n);
    }
  }
  return out;
}

/** Why the peer's exact (name, purl) filter did not offer one of our findings. */
function reasonPeerMissed(index: AdvisoryIndex, c: BenchComponent): string {
  const entries = index.candidates(c.osvEcosystem, c.osvName);
  if (entries.some((e) => e.record.affected?.some((a) => a.package?.name !== c.osvName)))
    return 'record names the package differently (PEP 503 normalization); peer matches names exactly';
  if (
    entries.some((e) =>
      e.record.affected?.some((a) => a.package?.purl !== undefined && a.package.purl !== `pkg:pypi/${c.osvName}`),
    )
  )
    return "record purl differs from the peer's packageToPurl (case/normalization)";
  return 'other';
}

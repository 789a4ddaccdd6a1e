import type { Digest } from '../domain/digest.js';
import type { Component } from '../domain/evidence.js';
import type { AdvisoryRepository } from '../vuln/advisory-repository.js';
import type { StoredEvidence } from '../domain/release.js';
import { CoveredEcosystems, coverageOf, uncoveredEcosystems } from '../vuln/advisory-coverage.js';
import { AdvisoryIndex } from '../vuln/matcher.js';
import type { OsvRecord } from '../vuln/osv-record.js';
import type { AdvisoryMatch } from './snapshot-builder.js';
import { matchComponents, osvSource } from './vuln-match.js';

interface Built {
  index: AdvisoryIndex;
  /** Coverage keys of every sync so far (`npm`, `Debian:12`): what an empty match can vouch for. */
  covered: CoveredEcosystems;
  /** Epoch ms of the next future `withdrawn` time: the index is rebuilt once it passes. */
  staleAt: number;
}

/**
 * The `SnapshotProviders.advisories` extension point: matches an artifact's SBOM components
 * against the synced advisories (buildSnapshot applies VEX to these and scan findings alike). The
 * advisory index is built once per sync generation (and again when a scheduled withdrawal comes
 * due), never per request. Returns undefined when no advisories were ever synced, so the gate
 * reports VULN_DATA_MISSING and fails closed.
 */
export class AdvisoryProvider {
  /**
   * The one piece of state: the newest build started, with its generation known before it
   * resolves. A build is only ever replaced by one for a newer generation (or by a rebuild of a
   * stale one), so a slow build of an older generation can never overwrite a newer index.
   */
  private latest: { generation: number; built: Promise<Built> } | undefined;

  constructor(
    private readonly store: AdvisoryRepository,
    private readonly clock: () => Date,
  ) {}

  /** For SnapshotProviders.advisories. */
  readonly provide = async (_digest: Digest, evidence: StoredEvidence[]): Promise<AdvisoryMatch | undefined> => {
    const components: Component[] = [];
    let sboms = 0;
    let scans = 0;
    for (const e of evidence) {
      if (e.kind === 'scan') scans++;
      if (e.kind !== 'sbom') continue;
      sboms++;
      components.push(...e.normalized.components);
    }
    // Without an SBOM there is nothing to match: no source, so the gate fails closed (VULN_DATA_MISSING).
    // Checked before the index is consulted: unknown digests and scan-only artifacts never touch it.
    if (sboms === 0) return undefined;
    // The sync time is read per call, not per index build: a sync that changed nothing still proves
    // the data fresh. Both reads go out together.
    const [built, syncedAt] = await Promise.all([this.current(), this.store.lastSyncedAt()]);
    if (built === undefined) return undefined;
    const { findings, notEvaluable } = matchComponents(built.index, components);
    // A purl that does not parse hides the component from matching: the gate fails closed on it.
    // UNKNOWN_ECOSYSTEM (pkg:generic, pkg:rpm, …) is not passed on: OSV has no data to match those
    // against, so failing on them would deny nearly every image without adding knowledge. NO_PURL
    // components with an advisory for their name already come back as undecided findings.
    const unidentified = notEvaluable.flatMap((n) =>
      n.reason === 'BAD_PURL' ? [{ component: n.component, detail: n.detail }] : [],
    );
    // No finding for a component whose ecosystem no sync covered proves nothing: its state is
    // unknown. A scan report of the artifact speaks for every component it scanned, with the
    // scanner's own database, so coverage only matters without one.
    return {
      findings,
      source: built.index.source,
      unidentified,
      uncovered: scans > 0 ? [] : uncoveredEcosystems(components, built.covered),
      ...(syncedAt === undefined ? {} : { syncedAt }),
    };
  };

  /** The index for the current sync generation, built at most once per generation. */
  private async current(): Promise<Built | undefined> {
    const generation = await this.store.syncGeneration();
    if (generation === 0) return undefined;
    let latest = this.latest;
    if (latest === undefined || latest.generation < generation) latest = this.start(generation);
    const built = await latest.built;
    if (this.clock().getTime() < built.staleAt) return built;
    // A scheduled withdrawal came due: rebuild once; a build another request started since is newer.
    if (this.latest !== undefined && this.latest !== latest) return this.latest.built;
    return this.start(latest.generation).built;
  }

  private start(generation: number): NonNullable<AdvisoryProvider['latest']> {
    const latest = { generation, built: this.build() };
    // A failed load is retried by the next request (the awaiting callers still see the error).
    latest.built.catch(() => {
      if (this.latest === latest) this.latest = undefined;
    });
    this.latest = latest;
    return latest;
  }

  private async build(): Promise<Built> {
    const [records, syncs] = await Promise.all([this.store.loadRecords(), this.store.syncs()]);
    const now = this.clock();
    const index = new AdvisoryIndex(records, { now, source: osvSource });
    return {
      index,
      covered: new CoveredEcosystems(coverageOf(syncs).map((c) => c.ecosystem)),
      staleAt: nextWithdrawal(records, now.getTime()),
    };
  }
}

function nextWithdrawal(records: readonly OsvRecord[], nowMs: number): number {
  let next = Infinity;
  for (const r of records) {
    if (r.withdrawn === undefined) continue;
    const t = Date.parse(r.withdrawn);
    if (t > nowMs && t < next) next = t;
  }
  return next;
}

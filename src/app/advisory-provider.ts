import type { Digest } from '../domain/digest.js';
import type { Component, Finding, Sbom } from '../domain/evidence.js';
import type { AdvisoryStore } from '../store/advisory-store.js';
import type { StoredEvidence } from '../store/release-store.js';
import { AdvisoryIndex } from '../vuln/matcher.js';
import { isWithdrawn, type OsvRecord } from '../vuln/osv-record.js';
import { matchComponents } from './vuln-match.js';

interface Built {
  generation: number;
  index: AdvisoryIndex;
  source: string;
  /** Epoch ms of the next future `withdrawn` time: the index is rebuilt once it passes. */
  staleAt: number;
}

/**
 * The `SnapshotProviders.advisories` extension point: matches an artifact's SBOM components
 * against the synced advisories (buildSnapshot applies VEX to these and scan findings alike). The advisory index
 * is built once per sync generation (and again when a scheduled withdrawal comes due), never
 * per request. Returns undefined when no advisories were ever synced, so the gate reports
 * VULN_DATA_MISSING and fails closed.
 */
export class AdvisoryProvider {
  private built: Promise<Built | undefined> | undefined;
  private builtGeneration = -1;
  private builtStaleAt = Infinity;

  constructor(private readonly store: AdvisoryStore, private readonly clock: () => Date) {}

  /** For SnapshotProviders.advisories. */
  readonly provide = async (_digest: Digest, evidence: StoredEvidence[]): Promise<{ findings: Finding[]; source: string } | undefined> => {
    const built = await this.current();
    if (built === undefined) return undefined;
    const components: Component[] = [];
    let sboms = 0;
    for (const e of evidence) {
      if (e.kind !== 'sbom') continue;
      sboms++;
      components.push(...(e.normalized as Sbom).components);
    }
    // Without an SBOM there is nothing to match: no source, so the gate fails closed (VULN_DATA_MISSING).
    if (sboms === 0) return undefined;
    const { findings } = matchComponents(built.index, components);
    return { findings, source: built.source };
  };

  /** The index for the current sync generation, built at most once per generation. */
  async current(): Promise<Built | undefined> {
    const generation = await this.store.syncGeneration();
    if (generation === 0) return undefined;
    if (this.built === undefined || generation !== this.builtGeneration || this.clock().getTime() >= this.builtStaleAt) {
      this.builtGeneration = generation;
      this.builtStaleAt = Infinity;
      this.built = this.build(generation).catch((e: unknown) => {
        this.built = undefined; // a failed load is retried by the next request
        throw e;
      });
    }
    return this.built;
  }

  private async build(generation: number): Promise<Built> {
    const records = await this.store.loadRecords();
    const now = this.clock();
    const source = `osv:${records.filter((r) => !isWithdrawn(r, now)).length} advisories`;
    const index = new AdvisoryIndex(records, { now, source });
    const staleAt = nextWithdrawal(records, now.getTime());
    this.builtStaleAt = staleAt;
    return { generation, index, source, staleAt };
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

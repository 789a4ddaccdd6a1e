import { countCoverage, type CoverageCounts } from '../vuln/advisory-coverage.js';
import { changesSince } from '../vuln/advisory-set.js';
import { loadAdvisories, type LoadLimits } from './advisory-source.js';
import type { AdvisorySet, SkippedRecord } from '../vuln/advisory-set.js';
import type { AdvisoryRepository } from '../vuln/advisory-repository.js';

/** What `mc advisories sync` did, for people (stderr) and machines (--json). */
export interface SyncSummary {
  sources: string[];
  /** Valid records read from the sources (after keeping the newest copy of each id). */
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Known ids withdrawn since the last sync: they stop matching. */
  withdrawn: string[];
  skipped: number;
  skippedByReason: Record<string, number>;
  skippedRecords: SkippedRecord[];
  /** Records per ecosystem the sources held (`Debian:12` per release): what this sync covered. */
  coverage: CoverageCounts;
  /** Records in the store after the sync. */
  total: number;
  syncGeneration: number;
}

/** A sync with the ids it added or updated (what the CVE watch re-checks, with `withdrawn`). */
export interface SyncResult extends SyncSummary {
  changed: string[];
}

export interface SyncOptions {
  now: Date;
  limits?: LoadLimits;
  /** Progress for long work: `phase` is `read` or `write`. */
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void;
}

/**
 * Incremental sync by `modified` (OSV schema §modified): reads directories and all.zip archives,
 * skips malformed records with a counted reason (never aborting), and writes only what is new,
 * newer, or newly withdrawn. A record's `modified` going backwards is not applied.
 */
export async function syncAdvisories(
  store: AdvisoryRepository,
  paths: readonly string[],
  options: SyncOptions,
): Promise<SyncSummary> {
  const { changed: _, ...summary } = await syncAdvisorySet(
    store,
    await loadAdvisories(paths, options.limits),
    paths,
    options,
  );
  return summary;
}

/** The sync step for records already read (files, HTTP mirrors): what changed is written, in one transaction. */
export async function syncAdvisorySet(
  store: AdvisoryRepository,
  set: AdvisorySet,
  paths: readonly string[],
  options: SyncOptions,
): Promise<SyncResult> {
  options.onProgress?.('read', set.records.length, set.records.length);
  const known = await store.knownState();
  const changes = changesSince(new Map([...known].map(([id, k]) => [id, k.modified])), set.records, options.now);
  const changedIds = new Set([...changes.added, ...changes.updated].map((r) => r.id));
  // Newly withdrawn: the stored copy was not withdrawn. One withdrawn without a bump of
  // `modified` (a mirror edited in place) is still rewritten, so it stops matching.
  const newlyWithdrawn = new Set(changes.withdrawn.filter((id) => known.get(id)?.withdrawn == null));
  const withdrawnOnly = set.records.filter((r) => newlyWithdrawn.has(r.id) && !changedIds.has(r.id));
  const records = [...changes.added, ...changes.updated, ...withdrawnOnly];
  // Every sync is recorded with its coverage: the ecosystems its sources held records of.
  const coverage = countCoverage(set.records);
  await store.write(
    {
      records,
      sync: { sources: paths, coverage },
      onProgress: (done, total) => options.onProgress?.('write', done, total),
    },
    options.now,
  );
  return {
    sources: [...paths],
    read: set.records.length,
    added: changes.added.length,
    updated: changes.updated.length,
    unchanged: changes.unchanged - withdrawnOnly.length,
    changed: [...changedIds],
    withdrawn: [...newlyWithdrawn],
    skipped: set.skipped.length,
    skippedByReason: set.skippedByReason,
    skippedRecords: set.skipped,
    coverage,
    total: await store.count(),
    syncGeneration: await store.syncGeneration(),
  };
}

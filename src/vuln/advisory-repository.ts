import type { CoverageCounts } from './advisory-coverage.js';
import type { OsvRecord } from './osv-record.js';

export interface AdvisoryWrite {
  /** Records to insert or replace (added, updated, newly withdrawn). */
  records: readonly OsvRecord[];
  /** Called after each written batch, for progress on long syncs. */
  onProgress?: (written: number, total: number) => void;
  /** What the sync read from, and the records per ecosystem its sources held (its coverage). */
  sync: { sources: readonly string[]; coverage: CoverageCounts };
}

/** One recorded sync, for `mc advisories status`. */
export interface AdvisorySyncRecord {
  syncedAt: string;
  generation: number;
  sources: string[];
  coverage: CoverageCounts;
}

/**
 * Synced OSV records as the advisory use cases see them (sync, the matching provider, status);
 * implemented by store/advisory-store.ts for both engines.
 */
export interface AdvisoryRepository {
  /** id → `modified` and `withdrawn` of every stored record: the baseline of an incremental sync. */
  knownState(): Promise<Map<string, { modified: string; withdrawn: string | null }>>;
  /** Number of syncs that changed what matching reads; 0 means never synced (the gate fails closed). */
  syncGeneration(): Promise<number>;
  count(): Promise<number>;
  /** When the newest sync was recorded (ISO 8601; only completed syncs are), undefined if never. */
  lastSyncedAt(): Promise<string | undefined>;
  loadRecords(): Promise<OsvRecord[]>;
  /** The stored records with these ids, each with when this version of it was synced (first seen). */
  recordsById(ids: readonly string[]): Promise<Map<string, { record: OsvRecord; syncedAt: string }>>;
  /** Every recorded sync, oldest first (coverageOf folds them into the covered ecosystems). */
  syncs(): Promise<AdvisorySyncRecord[]>;
  write(w: AdvisoryWrite, now: Date): Promise<void>;
}

import { BaseError } from '../domain/errors.js';
import { isWithdrawn, parseOsvRecordText, type OsvRecord } from './osv-record.js';

/**
 * Pure assembly of a set of OSV records from (path, text) entries: malformed records are skipped
 * with a counted reason and never abort a load; when an id appears twice, the newest `modified`
 * wins. Also the incremental sync step: given what a store knows (id → modified), what changed.
 */
export interface SourceEntry {
  /** Where the text came from, e.g. `mirror/PyPI/PYSEC-2021-1.json` or `all.zip!GO-2020-0001.json`. */
  path: string;
  text: string;
}

export interface SkippedRecord {
  path: string;
  code: string;
  message: string;
}

export interface AdvisorySet {
  records: OsvRecord[];
  skipped: SkippedRecord[];
  /** Skipped counts by error code (OSV_MALFORMED, OSV_INVALID, OSV_TOO_LARGE, DUPLICATE_OLDER, ZIP_*). */
  skippedByReason: Record<string, number>;
}

export function emptyAdvisorySet(): AdvisorySet {
  return { records: [], skipped: [], skippedByReason: {} };
}

export function skip(set: AdvisorySet, path: string, code: string, message: string): void {
  set.skipped.push({ path, code, message });
  set.skippedByReason[code] = (set.skippedByReason[code] ?? 0) + 1;
}

/** id → position in `records`, kept beside each set so adding one file stays O(1). */
const positions = new WeakMap<AdvisorySet, Map<string, number>>();

/** Adds entries to `set` (mutates and returns it), keeping the newest version of each id. */
export function addEntries(set: AdvisorySet, entries: Iterable<SourceEntry>): AdvisorySet {
  let at = positions.get(set);
  if (at === undefined || at.size !== set.records.length) {
    at = new Map<string, number>(set.records.map((r, i) => [r.id, i]));
    positions.set(set, at);
  }
  for (const { path, text } of entries) {
    let record: OsvRecord;
    try {
      record = parseOsvRecordText(text, path);
    } catch (e) {
      if (!(e instanceof BaseError)) throw e;
      skip(set, path, e.code, e.message);
      continue;
    }
    const i = at.get(record.id);
    if (i === undefined) {
      at.set(record.id, set.records.length);
      set.records.push(record);
    } else if (Date.parse(record.modified) > Date.parse(set.records[i]!.modified)) {
      skip(set, path, 'DUPLICATE_OLDER', `${record.id}: an older copy was replaced`);
      set.records[i] = record;
    } else skip(set, path, 'DUPLICATE_OLDER', `${record.id}: a copy at least as new is already loaded`);
  }
  return set;
}

export function collectRecords(entries: Iterable<SourceEntry>): AdvisorySet {
  return addEntries(emptyAdvisorySet(), entries);
}

export interface AdvisoryChanges {
  /** Ids not known before. */
  added: OsvRecord[];
  /** Known ids whose `modified` is newer than the known one. */
  updated: OsvRecord[];
  /** Known ids now withdrawn (at `now`), whether or not `modified` moved: they stop matching. */
  withdrawn: string[];
  unchanged: number;
}

/** Incremental sync by `modified` (OSV schema §modified: any change to a record bumps it). */
export function changesSince(
  known: ReadonlyMap<string, string>,
  records: readonly OsvRecord[],
  now: Date,
): AdvisoryChanges {
  const out: AdvisoryChanges = { added: [], updated: [], withdrawn: [], unchanged: 0 };
  for (const r of records) {
    const before = known.get(r.id);
    if (before === undefined) out.added.push(r);
    else if (Date.parse(r.modified) > Date.parse(before)) out.updated.push(r);
    else out.unchanged++;
    if (before !== undefined && isWithdrawn(r, now)) out.withdrawn.push(r.id);
  }
  return out;
}

import { unzipSync } from 'fflate';
import { addEntries, skip, type AdvisorySet, type SourceEntry } from './advisory-set.js';
import { MAX_RECORD_BYTES } from './osv-record.js';

/** Limits on what is taken from OSV sources; the bytes are attacker-controlled. */
export interface ZipLimits {
  /** Total uncompressed bytes taken from one zip (zip bombs). Default MAX_ZIP_UNCOMPRESSED_BYTES. */
  maxZipBytes?: number;
  /** Per file / per zip entry. Default MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
}

export const MAX_ZIP_UNCOMPRESSED_BYTES = 2 * 1024 ** 3;

/**
 * Unpacks a zip of OSV JSON (OSV's per-ecosystem `all.zip`) with fflate, checking declared sizes
 * before inflating any entry. Pure: it is given the archive's bytes (app/advisory-source.ts reads
 * the file); bad entries are skipped with a reason, never aborting the load.
 */
export function addZip(set: AdvisorySet, name: string, bytes: Uint8Array, limits: ZipLimits = {}): AdvisorySet {
  const maxEntry = limits.maxRecordBytes ?? MAX_RECORD_BYTES;
  const maxTotal = limits.maxZipBytes ?? MAX_ZIP_UNCOMPRESSED_BYTES;
  let total = 0;
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(bytes, {
      filter: (f) => {
        if (!f.name.endsWith('.json')) return false;
        if (f.originalSize > maxEntry) {
          skip(set, `${name}!${f.name}`, 'OSV_TOO_LARGE', `${f.name}: ${f.originalSize} bytes`);
          return false;
        }
        total += f.originalSize;
        return total <= maxTotal;
      },
    });
  } catch (e) {
    skip(set, name, 'ZIP_MALFORMED', `${name}: ${(e as Error).message.slice(0, 120)}`);
    return set;
  }
  if (total > maxTotal)
    skip(set, name, 'ZIP_TOO_LARGE', `${name}: more than ${maxTotal} bytes uncompressed; the rest was not read`);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries: SourceEntry[] = [];
  for (const file of Object.keys(unpacked).sort()) {
    const data = unpacked[file]!;
    // A lying header could inflate more than declared; the inflated size is checked again.
    if (data.length > maxEntry) skip(set, `${name}!${file}`, 'OSV_TOO_LARGE', `${file}: ${data.length} bytes`);
    else entries.push({ path: `${name}!${file}`, text: decoder.decode(data) });
  }
  return addEntries(set, entries);
}

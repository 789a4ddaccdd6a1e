import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { addEntries, emptyAdvisorySet, skip, type AdvisorySet, type SourceEntry } from './advisory-set.js';
import { MAX_RECORD_BYTES } from './osv-record.js';

/**
 * The edge that reads advisory mirrors: directories of OSV JSON (recursive) and OSV's
 * per-ecosystem `all.zip` archives (https://osv-vulnerabilities.storage.googleapis.com/<eco>/all.zip),
 * alone or inside a directory. Everything read is attacker-controlled; sizes are capped and
 * bad files are skipped with a reason (advisory-set.ts), never aborting the load.
 */
export interface LoadLimits {
  /** Total uncompressed bytes taken from one zip (zip bombs). Default 2 GiB. */
  maxZipBytes?: number;
  /** Per file / per zip entry. Default MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
}

export async function loadAdvisories(paths: readonly string[], limits: LoadLimits = {}): Promise<AdvisorySet> {
  const set = emptyAdvisorySet();
  for (const p of paths) {
    const s = await stat(p);
    if (s.isDirectory()) await loadDirectory(set, p, p, limits);
    else if (p.endsWith('.zip')) addZip(set, p, await readFile(p), limits);
    else addRead(set, readCapped(p, p, limits));
  }
  return set;
}

async function loadDirectory(set: AdvisorySet, root: string, dir: string, limits: LoadLimits): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // deterministic order
  const json = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(dir, e.name));
  // Record files are small and many: synchronous reads are ~10× faster than one await per file.
  for (const p of json) addRead(set, readCapped(root, p, limits));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await loadDirectory(set, root, p, limits);
    else if (e.isFile() && e.name.endsWith('.zip')) addZip(set, relative(root, p), await readFile(p), limits);
    // symlinks and devices are not followed
  }
}

function readCapped(root: string, p: string, limits: LoadLimits): SourceEntry | { path: string; size: number } {
  const where = relative(root, p) || p;
  const size = statSync(p).size;
  if (size > (limits.maxRecordBytes ?? MAX_RECORD_BYTES)) return { path: where, size };
  return { path: where, text: readFileSync(p, 'utf8') };
}

function addRead(set: AdvisorySet, b: SourceEntry | { path: string; size: number }): void {
  if ('text' in b) addEntries(set, [b]);
  else skip(set, b.path, 'OSV_TOO_LARGE', `${b.path}: ${b.size} bytes`);
}

/** Unpacks a zip of OSV JSON (fflate), checking declared sizes before inflating any entry. */
export function addZip(set: AdvisorySet, name: string, bytes: Uint8Array, limits: LoadLimits = {}): AdvisorySet {
  const maxEntry = limits.maxRecordBytes ?? MAX_RECORD_BYTES;
  const maxTotal = limits.maxZipBytes ?? 2 * 1024 ** 3;
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
  if (total > maxTotal) skip(set, name, 'ZIP_TOO_LARGE', `${name}: more than ${maxTotal} bytes uncompressed; the rest was not read`);
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

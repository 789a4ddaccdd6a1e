import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InputError } from '../domain/errors.js';
import { addEntries, emptyAdvisorySet, skip, type AdvisorySet } from '../vuln/advisory-set.js';
import { addZip, type ZipLimits } from '../vuln/advisory-zip.js';
import { MAX_RECORD_BYTES } from '../vuln/osv-record.js';
import { readInputFile } from './input-file.js';

/**
 * Bytes read from one `.zip` file. OSV JSON compresses several times over, so an archive past
 * this would be far past the uncompressed cap (MAX_ZIP_UNCOMPRESSED_BYTES) anyway; refusing it
 * before reading keeps a mistaken or hostile path from filling memory.
 */
export const MAX_ZIP_FILE_BYTES = 1024 ** 3;

export interface LoadLimits extends ZipLimits {
  /** Bytes read from one .zip file (compressed). Default MAX_ZIP_FILE_BYTES. */
  maxZipFileBytes?: number;
}

/**
 * The edge that reads advisory mirrors: directories of OSV JSON (recursive) and OSV's
 * per-ecosystem `all.zip` archives (https://osv-vulnerabilities.storage.googleapis.com/<eco>/all.zip),
 * alone or inside a directory. Everything read is attacker-controlled: every file is read through
 * the bounded reader (the limit counts bytes actually read), and a file over its limit or a bad
 * record is skipped with a reason (advisory-set.ts), never aborting the load.
 */
export async function loadAdvisories(paths: readonly string[], limits: LoadLimits = {}): Promise<AdvisorySet> {
  const set = emptyAdvisorySet();
  for (const p of paths) {
    const s = await stat(p);
    if (s.isDirectory()) await loadDirectory(set, p, p, limits);
    else if (p.endsWith('.zip')) addZipFile(set, p, p, limits);
    else addRecordFile(set, p, p, limits);
  }
  return set;
}

async function loadDirectory(set: AdvisorySet, root: string, dir: string, limits: LoadLimits): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // deterministic order
  const json = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(dir, e.name));
  // Record files are small and many: synchronous reads are ~10× faster than one await per file.
  for (const p of json) addRecordFile(set, root, p, limits);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await loadDirectory(set, root, p, limits);
    else if (e.isFile() && e.name.endsWith('.zip')) addZipFile(set, relative(root, p), p, limits);
    // symlinks, FIFOs and devices are not followed
  }
}

function addRecordFile(set: AdvisorySet, root: string, p: string, limits: LoadLimits): void {
  const where = relative(root, p) || p;
  const max = limits.maxRecordBytes ?? MAX_RECORD_BYTES;
  const bytes = readCapped(p, max, 'advisory record');
  if (bytes === undefined) skip(set, where, 'OSV_TOO_LARGE', `${where}: more than ${max} bytes`);
  else
    addEntries(set, [
      { path: where, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') },
    ]);
}

function addZipFile(set: AdvisorySet, name: string, p: string, limits: LoadLimits): void {
  const max = limits.maxZipFileBytes ?? MAX_ZIP_FILE_BYTES;
  const bytes = readCapped(p, max, 'advisory archive');
  if (bytes === undefined) skip(set, name, 'ZIP_TOO_LARGE', `${name}: archive larger than ${max} bytes; not read`);
  else addZip(set, name, bytes, limits);
}

/** The file's bytes, or undefined when it is over `max` (other read errors are thrown). */
function readCapped(p: string, max: number, what: string): Uint8Array | undefined {
  try {
    return readInputFile(p, max, what);
  } catch (e) {
    if (e instanceof InputError && e.code === 'FILE_TOO_LARGE') return undefined;
    throw e;
  }
}

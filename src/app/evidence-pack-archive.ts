import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { isBaseError } from '../domain/errors.js';
import { PackError } from '../ledger/pack/pack-error.js';
import { checkPackPath } from '../ledger/pack/pack-manifest.js';
import { readInputFile } from './input-file.js';

/**
 * The tar.gz edge of evidence packs (via the `tar` package). Writing: the files go to a
 * private temp dir and are archived in sorted order with portable headers and a fixed mtime.
 * Reading never touches the file system beyond the archive: entries are parsed in memory and
 * every hostile shape — absolute or `..` paths, links, devices, duplicates, oversized
 * entries, decompression bombs — is refused with a PackError naming the entry.
 */
export interface ArchiveLimits {
  maxArchiveBytes: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 256 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntries: 10_000,
};

export async function writePackArchive(files: ReadonlyMap<string, Uint8Array>, outFile: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-pack-'));
  try {
    const paths = [...files.keys()].sort();
    for (const p of paths) {
      checkPackPath(p);
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), files.get(p)!);
    }
    await tar.c({ gzip: true, file: outFile, cwd: dir, portable: true, mtime: new Date(0), noDirRecurse: true }, paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);

/** Parses tar.gz bytes (attacker-controlled) into path → bytes, or throws a PackError. */
export function parsePackArchive(
  bytes: Uint8Array,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Map<string, Uint8Array> {
  if (bytes.length > limits.maxArchiveBytes)
    throw new PackError('PACK_TOO_LARGE', `archive exceeds ${limits.maxArchiveBytes} bytes`, { path: 'archive' });
  let raw: Buffer;
  try {
    // maxOutputLength bounds a decompression bomb before any tar parsing.
    raw = gunzipSync(bytes, { maxOutputLength: limits.maxTotalBytes + 1024 * 1024 });
  } catch (cause) {
    const big = (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new PackError(
      big ? 'PACK_TOO_LARGE' : 'PACK_ARCHIVE_INVALID',
      big ? 'archive decompresses beyond the size limit' : `not a gzip archive: ${(cause as Error).message}`,
      { path: 'archive', cause },
    );
  }
  const files = new Map<string, Uint8Array>();
  let failure: PackError | undefined;
  let total = 0;
  const fail = (e: PackError) => {
    failure ??= e;
  };
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      const path = entry.path;
      if (failure) return entry.resume();
      if (files.size >= limits.maxEntries)
        fail(
          new PackError('PACK_TOO_LARGE', `archive has more than ${limits.maxEntries} entries`, { path: 'archive' }),
        );
      else if (!REGULAR.has(entry.type))
        fail(
          new PackError(
            'PACK_ENTRY_TYPE',
            `${JSON.stringify(path.slice(0, 100))} is a ${entry.type}, not a regular file`,
            { path: path.slice(0, 512) },
          ),
        );
      else if ((entry.size ?? 0) > limits.maxEntryBytes)
        fail(
          new PackError('PACK_TOO_LARGE', `${path.slice(0, 100)} exceeds ${limits.maxEntryBytes} bytes`, {
            path: path.slice(0, 512),
          }),
        );
      else if (files.has(path))
        fail(
          new PackError('PACK_PATH_INVALID', `${path.slice(0, 100)} appears twice in the archive`, {
            path: path.slice(0, 512),
          }),
        );
      else {
        try {
          checkPackPath(path);
        } catch (e) {
          fail(e as PackError);
        }
      }
      if (failure) return entry.resume();
      total += entry.size ?? 0;
      if (total > limits.maxTotalBytes) {
        fail(
          new PackError('PACK_TOO_LARGE', `archive content exceeds ${limits.maxTotalBytes} bytes`, { path: 'archive' }),
        );
        return entry.resume();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => files.set(path, new Uint8Array(Buffer.concat(chunks))));
    },
  });
  parser.on('warn', (code: string, message: string) =>
    fail(new PackError('PACK_ARCHIVE_INVALID', `corrupt tar: ${code} ${message}`, { path: 'archive' })),
  );
  parser.on('error', (e: Error) =>
    fail(new PackError('PACK_ARCHIVE_INVALID', `corrupt tar: ${e.message}`, { path: 'archive' })),
  );
  parser.end(raw);
  if (failure) throw failure;
  return files;
}

/**
 * Reads a pack archive from disk with the same checks. The size limit holds for the bytes read,
 * not the size reported (a FIFO or /dev/zero reports 0); a missing path or a directory is an
 * input error (exit 2), an oversized archive a pack failure like any other.
 */
export function readPackArchive(file: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Map<string, Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = readInputFile(file, limits.maxArchiveBytes, 'evidence pack');
  } catch (e) {
    if (isBaseError(e) && e.code === 'FILE_TOO_LARGE')
      throw new PackError('PACK_TOO_LARGE', `${file} exceeds ${limits.maxArchiveBytes} bytes`, { path: 'archive' });
    throw e;
  }
  return parsePackArchive(bytes, limits);
}

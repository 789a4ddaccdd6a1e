import { closeSync, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { InputError } from '../domain/errors.js';

export type InputFileErrorCode = 'FILE_NOT_FOUND' | 'NOT_A_FILE' | 'FILE_TOO_LARGE' | 'FILE_UNREADABLE';

/** Policy and trust files are written by people, far below this; a bound, so a runaway file is refused. */
export const MAX_POLICY_FILE_BYTES = 16 * 1024 * 1024;

/** An artifact given as a file (`mc trust verify FILE`) is read whole to hash it; past this it is refused. */
export const MAX_ARTIFACT_BYTES = 1024 * 1024 * 1024;

/** Read in pieces of this size, so a stream never costs more than the limit plus one piece. */
const CHUNK = 1024 * 1024;

/**
 * After a regular file's whole reported size is read, a read this small confirms the end: a
 * whole piece per file would allocate a mebibyte for every small file of an advisory mirror.
 */
const END_PROBE = 64;

/**
 * The one reader for files named on the command line and for the policy files: evidence,
 * gates.yaml, waivers.yaml, trust material, evidence packs. The limit is applied to the bytes
 * actually read, never to the size the file system reports: `/dev/zero`, a FIFO, a `<(…)`
 * process substitution or a /proc file all report size 0 and may never end. A directory or an
 * unreadable path is an input error naming the file, not a stack trace.
 */
export function readInputFile(file: string, maxBytes: number, what = 'file'): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (cause) {
    throw openError(file, what, cause);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory())
      throw new InputError<InputFileErrorCode>('NOT_A_FILE', `${what} ${file} is a directory; give a file`, {
        kind: 'invalid',
        path: file,
      });
    // A regular file's size is a fine first guess (one read, no copy) and an early refusal;
    // it is never trusted as the bound.
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(file, what, maxBytes);
    const sized = stat.isFile() && stat.size > 0;
    let want = sized ? stat.size + 1 : CHUNK;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (cause) {
        throw readError(file, what, cause);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(file, what, maxBytes);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      want = sized && total === stat.size ? END_PROBE : CHUNK;
    }
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, what: string, maxBytes: number): InputError<InputFileErrorCode> {
  return new InputError<InputFileErrorCode>(
    'FILE_TOO_LARGE',
    `${what} ${file} is over the limit of ${maxBytes} bytes`,
    { kind: 'too-large', path: file },
  );
}

function openError(file: string, what: string, cause: unknown): InputError<InputFileErrorCode> {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new InputError<InputFileErrorCode>('FILE_NOT_FOUND', `cannot read ${what} ${file}: no such file`, {
      path: file,
      cause,
    });
  return readError(file, what, cause);
}

function readError(file: string, what: string, cause: unknown): InputError<InputFileErrorCode> {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'EISDIR')
    return new InputError<InputFileErrorCode>('NOT_A_FILE', `${what} ${file} is a directory; give a file`, {
      kind: 'invalid',
      path: file,
      cause,
    });
  return new InputError<InputFileErrorCode>(
    'FILE_UNREADABLE',
    `cannot read ${what} ${file}: ${code ?? (cause as Error).message}`,
    { kind: 'invalid', path: file, cause },
  );
}

/**
 * A path that names a directory or a regular file (an advisory mirror: read by its own loader,
 * which bounds each record and archive). A device, FIFO or socket (`/dev/zero`, `<(…)`) is
 * refused: a loader that trusts the reported size would read it forever.
 */
export function checkSourcePath(path: string, what: string): 'directory' | 'file' {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (cause) {
    throw openError(path, what, cause);
  }
  if (stat.isDirectory()) return 'directory';
  if (stat.isFile()) return 'file';
  throw new InputError<InputFileErrorCode>('NOT_A_FILE', `${what} ${path} is neither a directory nor a regular file`, {
    kind: 'invalid',
    path,
  });
}

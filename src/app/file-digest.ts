import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../domain/errors.js';

export type FileDigestErrorCode = 'FILE_NOT_FOUND' | 'NOT_A_FILE' | 'FILE_UNREADABLE';

export interface FileDigest {
  /** `sha256:<64 hex>`, the form `mc ingest` and `mc verify` take. */
  digest: `sha256:${string}`;
  file: string;
  /** Bytes hashed (counted as read: a FIFO or process substitution reports size 0). */
  size: number;
}

/**
 * The digest of a non-OCI artifact (a tarball, a binary, a zip): SHA-256 over the file's bytes,
 * streamed so a multi-gigabyte file costs one buffer. No size cap: hashing reads, it keeps nothing.
 */
export async function digestFile(file: string): Promise<FileDigest> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw fileError(file, cause);
  }
  try {
    if ((await handle.stat()).isDirectory()) {
      throw new InputError<FileDigestErrorCode>(
        'NOT_A_FILE',
        `${file} is a directory; mc digest hashes one file (archive a directory first)`,
        { kind: 'invalid', path: file },
      );
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 1024 * 1024 })) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).byteLength;
      }
    } catch (cause) {
      throw fileError(file, cause);
    }
    return { digest: `sha256:${hash.digest('hex')}`, file, size };
  } finally {
    await handle.close();
  }
}

function fileError(file: string, cause: unknown): InputError<FileDigestErrorCode> {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new InputError<FileDigestErrorCode>('FILE_NOT_FOUND', `cannot read ${file}: no such file`, {
      kind: 'not-found',
      path: file,
      cause,
    });
  if (code === 'EISDIR')
    return new InputError<FileDigestErrorCode>(
      'NOT_A_FILE',
      `${file} is a directory; mc digest hashes one file (archive a directory first)`,
      { kind: 'invalid', path: file, cause },
    );
  return new InputError<FileDigestErrorCode>(
    'FILE_UNREADABLE',
    `cannot read ${file}: ${code ?? (cause as Error).message}`,
    { kind: 'invalid', path: file, cause },
  );
}

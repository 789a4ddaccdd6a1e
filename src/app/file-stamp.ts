import { statSync } from 'node:fs';

/** mtime and size of a file, or `absent`: a cheap "did it change" check for files re-read on change. */
export function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'absent';
  }
}

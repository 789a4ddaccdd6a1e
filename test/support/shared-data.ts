import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file, never from the working directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `../shared/` beside the checkout (MC_SHARED_DIR overrides). Absent outside CI, tests
 * that need it skip and say so; with CI=true its absence is a failure, never a skip.
 */
export function sharedDir(): string | undefined {
  const dir = process.env.MC_SHARED_DIR ?? join(repoRoot, '..', 'shared');
  if (existsSync(join(dir, 'conformance'))) return dir;
  if (process.env.CI === 'true') throw new Error(`shared test data not found at ${dir} (required when CI=true)`);
  return undefined;
}

/** Path inside shared/, or undefined (with a skip message) when shared/ is absent outside CI. */
export function sharedPath(...parts: string[]): string | undefined {
  const dir = sharedDir();
  return dir === undefined ? undefined : join(dir, ...parts);
}

export const SHARED_SKIP = 'skipped: ../shared/ is absent (set CI=true to make this a failure)';

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Golden files: the exact RFC 8785 bytes the code must keep producing (no trailing newline; the
 * fixtures' .gitattributes keeps git from converting line endings). MC_UPDATE_GOLDEN=1 rewrites
 * them from what the code makes now, for a change of format that is meant; review the diff.
 */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const UPDATING = process.env.MC_UPDATE_GOLDEN === '1';
const REGENERATE =
  'if the change is intended, regenerate with MC_UPDATE_GOLDEN=1 bash scripts/test.sh test/golden/golden.test.ts and review the diff';

export function goldenPath(file: string): string {
  return join(FIXTURES, file);
}

/** Compares the produced bytes with the golden file byte for byte (or rewrites it when updating). */
export function assertGoldenBytes(file: string, produced: Uint8Array): void {
  const path = goldenPath(file);
  if (UPDATING) {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(path, produced);
    return;
  }
  assert.ok(existsSync(path), `golden file test/golden/fixtures/${file} is missing; ${REGENERATE}`);
  const golden = new Uint8Array(readFileSync(path));
  if (Buffer.compare(golden, produced) === 0) return;
  // Compared as text for a readable diff; bytes that differ only in encoding still fail here.
  assert.equal(
    Buffer.from(produced).toString('utf8'),
    Buffer.from(golden).toString('utf8'),
    `test/golden/fixtures/${file} differs from what the code produces now; ${REGENERATE}`,
  );
  assert.fail(`test/golden/fixtures/${file} differs from the produced bytes; ${REGENERATE}`);
}

/** Fixture files no case produces any more: a failure, or removed when updating. */
export function checkNoStrayGoldens(expected: readonly string[]): void {
  const stray = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !expected.includes(f));
  if (UPDATING) {
    for (const f of stray) rmSync(goldenPath(f));
    return;
  }
  assert.deepEqual(stray, [], `golden files no case produces: ${stray.join(', ')}; ${REGENERATE}`);
}

export function readGolden(file: string): Uint8Array {
  return new Uint8Array(readFileSync(goldenPath(file)));
}

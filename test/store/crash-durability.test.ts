import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteEngine } from '../../src/store/dialect/sqlite-engine.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { repoRoot } from '../support/shared-data.js';

test('every acknowledged write survives kill -9 of the writing process (SQLite WAL, synchronous=NORMAL)', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mc-crash-')), 'mc.db');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test/store/fixtures/ingest-loop.ts'), file],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const acked: string[] = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      acked.push(...lines);
      // Kill in the middle of the stream, while writes are in flight.
      if (acked.length >= 300 && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  assert.ok(acked.length >= 300, `child acknowledged only ${acked.length} writes`);
  const store = await ReleaseStore.open(sqliteEngine(file));
  try {
    const stored = new Set((await store.listEvidence(`sha256:${'b'.repeat(64)}`)).map((e) => e.sha256));
    const lost = acked.filter((s) => !stored.has(s as `sha256:${string}`));
    assert.deepEqual(lost, [], `${lost.length} acknowledged writes lost`);
    for (const sha of acked) assert.ok(await store.getBlob(sha), `blob ${sha} missing`);
  } finally {
    await store.close();
  }
});

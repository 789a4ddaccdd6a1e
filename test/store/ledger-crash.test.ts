import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { postgresEngine } from '../../src/store/dialect/postgres-engine.js';
import { sqliteEngine } from '../../src/store/dialect/sqlite-engine.js';
import { ENGINES } from '../support/engines.js';

const child = fileURLToPath(new URL('./fixtures/store-kill-child.ts', import.meta.url));
const digest = `sha256:${'ab'.repeat(32)}` as const;

/** Runs the child and SIGKILLs it as soon as it prints `killOn`; rejects if it exits otherwise. */
async function runAndKill(target: string, mode: 'between' | 'after', killOn: string): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, target, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(killOn)) proc.kill('SIGKILL');
    });
    proc.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited without being killed: ${out}`)),
    );
  });
}

for (const engine of ENGINES) {
  describe(`SIGKILL between a state write and its ledger entry on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    for (const [mode, killOn, expected] of [
      ['between', 'state-written', 0],
      ['after', 'committed', 1],
    ] as const) {
      test(`killed ${mode === 'between' ? 'between the two writes: neither exists' : 'after the commit: both exist'}`, async () => {
        const created = await engine.create();
        await (await ReleaseStore.open(created.engine)).close(); // migrate first, so the child only writes
        const target = created.url ?? created.file!;
        await runAndKill(target, mode, killOn);
        const store = await ReleaseStore.open(
          created.url ? postgresEngine(created.url, 2) : sqliteEngine(created.file!),
        );
        try {
          const ledger = new LedgerStore(store.engine.db);
          const revocations = new RevocationStore(store.engine, () => new Date());
          assert.equal((await revocations.active(digest, 'prod')).length, expected, 'revocation rows');
          assert.equal(await ledger.size(), expected, 'ledger entries');
          assert.equal((await ledger.verifyAll()).size, expected);
          if (expected === 1) assert.match(Buffer.from(await ledger.entry(0)).toString(), /"type":"revocation"/);
          // The log stays appendable after the crash (PostgreSQL released the dead session's row lock).
          await revocations.apply([
            { action: 'revoke', digest, env: 'prod', cause: 'manual', reason: 'again', actor: 'bob' },
          ]);
          assert.equal(await ledger.size(), expected + 1);
        } finally {
          await store.close();
        }
      });
    }
  });
}

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Installation } from '../../src/app/installation.js';
import { GENERATION_CHANNEL, listen } from '../../src/store/dialect/notify.js';
import { postgresEngine } from '../../src/store/dialect/postgres-engine.js';
import { bumpGeneration } from '../../src/store/generation.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES, freshSchemaUrl } from '../support/engines.js';
import { testInstallation } from '../support/installation.js';
import { waitFor } from '../support/services.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const pgEngine = ENGINES.find((e) => e.name === 'postgres')!;
const digest = `sha256:${'f'.repeat(64)}`;
const GATES = 'version: 1\nenvironments: { prod: prod }\nprofiles:\n  prod: { sbom: enforce }\n';
const clock = () => new Date('2026-11-29T12:00:00Z');

test('SQLite has no other replicas to hear from: no generation subscription', async () => {
  const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;
  const { engine } = await sqlite.create();
  assert.equal(engine.subscribeGeneration, undefined);
  await engine.close();
});

describe('generation bumps reach other replicas through LISTEN/NOTIFY', { skip: pgEngine.skipReason ?? false }, () => {
  let url: string;
  let writer: Installation;
  let reader: Installation;
  before(async () => {
    url = await freshSchemaUrl(process.env.MC_TEST_DATABASE_URL!);
    const ws = makeWorkspace(GATES);
    // The poll would only notice after an hour: whatever the reader sees sooner came by NOTIFY.
    const config = { cacheRecheckMs: 3_600_000 };
    writer = testInstallation(ws, await ReleaseStore.open(postgresEngine(url, 2)), clock, {}, { config });
    reader = testInstallation(ws, await ReleaseStore.open(postgresEngine(url, 2)), clock, {}, { config, listen: true });
    await reader.notifications?.ready;
  });
  after(async () => {
    await writer?.close();
    await reader?.close();
  });

  test("a write in one installation invalidates the other's cached decision without waiting for the poll", async () => {
    assert.ok(reader.notifications, 'the reader listens');
    const first = await reader.gate.verify(digest, 'prod', 'never');
    assert.equal(first.decision.allow, false);
    assert.equal((await reader.gate.verify(digest, 'prod', 'never')).cached, true);
    await writer.gate.ingest(digest, [
      { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
    ]);
    const after = await waitFor(
      async () => {
        const r = await reader.gate.verify(digest, 'prod', 'never');
        return r.cached ? undefined : r;
      },
      'the reader to drop its cached decision',
      10_000,
    );
    assert.equal(after.decision.allow, true);
  });

  test('a rolled-back write or another schema notifies nobody; a committed one does; a dropped connection reconnects', async () => {
    let heard = 0;
    const sub = listen(url, GENERATION_CHANNEL, () => heard++);
    await sub.ready;
    const engine = postgresEngine(url, 1);
    const elsewhere = await ReleaseStore.open(
      postgresEngine(await freshSchemaUrl(process.env.MC_TEST_DATABASE_URL!), 1),
    );
    try {
      await elsewhere.engine.db.transaction().execute((trx) => bumpGeneration(trx));
      await assert.rejects(
        engine.db.transaction().execute(async (trx) => {
          await bumpGeneration(trx);
          throw new Error('rolled back');
        }),
      );
      await engine.db.transaction().execute((trx) => bumpGeneration(trx));
      await waitFor(async () => (heard >= 1 ? heard : undefined), 'the committed bump', 5_000);
      // Neither the rollback's NOTIFY nor the other schema's (sent before ours, so delivered before it) counted.
      assert.equal(heard, 1);

      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mc-listen' AND query = $1`,
          [`LISTEN "${GENERATION_CHANNEL}"`],
        );
      } finally {
        await admin.end();
      }
      await waitFor(async () => (heard >= 2 ? heard : undefined), 'the re-check after reconnecting', 10_000);
      const before = heard;
      await engine.db.transaction().execute((trx) => bumpGeneration(trx));
      await waitFor(async () => (heard > before ? heard : undefined), 'a bump after reconnecting', 10_000);
    } finally {
      await sub.close();
      await engine.close();
      await elsewhere.close();
    }
  });
});

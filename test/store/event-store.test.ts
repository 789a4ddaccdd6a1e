import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Digest } from '../../src/domain/digest.js';
import { EventStore } from '../../src/store/event-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { writeStateEffects } from '../../src/store/state-effects-writer.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ledgerEntryForRevocation } from '../../src/store/ledger-entries.js';
import { ENGINES } from '../support/engines.js';

const digest = `sha256:${'a'.repeat(64)}` as Digest;
const at = (m: number) => new Date(Date.UTC(2026, 10, 29, 12, m)).toISOString();

for (const engine of ENGINES) {
  describe(`events and state effects on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let events: EventStore;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine);
      events = new EventStore(store.engine, () => new Date(at(0)));
    });
    after(async () => {
      await store?.close();
    });

    test('events are listed newest first and filtered by time, digest and type', async () => {
      await events.record([
        { type: 'watch-tick', at: at(1), details: { records: 3 } },
        { type: 'revoke', at: at(2), digest, env: 'prod', cause: 'manual', details: { reason: 'x' } },
        { type: 'cve', at: at(3), digest, details: { advisory: 'GHSA-1' } },
      ]);
      assert.deepEqual(
        (await events.list({})).map((e) => e.type),
        ['cve', 'revoke', 'watch-tick'],
      );
      assert.deepEqual(
        (await events.list({ digest })).map((e) => e.type),
        ['cve', 'revoke'],
      );
      assert.deepEqual(
        (await events.list({ types: ['watch-tick', 'cve'], since: at(2) })).map((e) => e.type),
        ['cve'],
      );
      const [revoke] = await events.list({ types: ['revoke'] });
      assert.equal(revoke?.env, 'prod');
      assert.deepEqual(revoke?.details, { reason: 'x' });
    });

    test('effects commit with their transaction: ledger index on the event, outbox deduplicated by key', async () => {
      const size = await new LedgerStore(store.engine.db).size();
      const ticket = { topic: 'ticket', destination: 'http://127.0.0.1:9/t', idempotencyKey: 'k1', payload: { a: 1 } };
      await store.engine.db.transaction().execute((trx) =>
        writeStateEffects(
          trx,
          {
            ledger: [
              ledgerEntryForRevocation(
                {
                  action: 'revoke',
                  revocation: {
                    digest,
                    cause: 'manual',
                    chain: [digest],
                    reason: 'why',
                    source: 'cli:test',
                    createdAt: at(5),
                  },
                },
                'cli:test',
                'why',
                at(5),
              ),
            ],
            events: [{ type: 'revoke', digest, ledgerRef: 0, details: {} }],
            outbox: [ticket, ticket],
          },
          at(5),
        ),
      );
      const [e] = await events.list({ types: ['revoke'], since: at(5) });
      assert.equal(e?.ledgerIndex, size);
      const rows = await store.engine.db
        .withTables<{ outbox: { idempotency_key: string } }>()
        .selectFrom('outbox')
        .select('idempotency_key')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.idempotency_key),
        ['k1'],
      );
    });

    test("a workload's events are listed newest first through their own index", async () => {
      await events.record([
        { type: 'flagger', at: at(7), workload: 'shop/api', cause: 'pre-rollout', details: {} },
        { type: 'verify', at: at(8), workload: 'shop/web', details: {} },
        { type: 'admission', at: at(9), workload: 'shop/api', details: {} },
      ]);
      assert.deepEqual(
        (await events.list({ workload: 'shop/api' })).map((e) => e.type),
        ['admission', 'flagger'],
      );
      const indexes =
        engine.name === 'sqlite'
          ? await sql<{
              name: string;
            }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`.execute(store.engine.db)
          : await sql<{
              name: string;
            }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'events' AND schemaname = current_schema()`.execute(
              store.engine.db,
            );
      assert.ok(indexes.rows.some((r) => r.name === 'events_workload'));
    });

    test('a failing transaction leaves no event behind', async () => {
      await assert.rejects(
        store.engine.db.transaction().execute(async (trx) => {
          await writeStateEffects(trx, { events: [{ type: 'reinstate', digest, details: {} }] }, at(6));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await events.list({ types: ['reinstate'] })).length, 0);
    });
  });
}

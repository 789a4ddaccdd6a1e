import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { EventStore } from '../../src/store/event-store.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { MIGRATIONS } from '../../src/store/migrator.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { ENGINES } from '../support/engines.js';
import { d } from './revocation-support.js';

const at = '2026-11-20T10:00:00.000Z';

for (const engine of ENGINES) {
  describe(`migration 006 on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    test('revocations stored before keep their reason, get their cause and chain, and reach their descendants', async () => {
      const { engine: e } = await engine.create();
      // The store as the previous release left it: migrations up to 005, revocations without cause or env.
      await sql`CREATE TABLE IF NOT EXISTS mc_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`.execute(
        e.db,
      );
      for (const m of MIGRATIONS.filter((x) => x.version < 6))
        await e.db.transaction().execute(async (trx) => {
          await m.up({ ...e, db: trx });
          await sql`INSERT INTO mc_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${at})`.execute(
            trx,
          );
        });
      for (const x of ['a', 'b', 'c'])
        await e.db
          .insertInto('artifacts')
          .values({ digest: d(x), name: null, created_at: at })
          .execute();
      await e.db
        .insertInto('artifact_parents')
        .values([
          { child: d('b'), parent: d('a') },
          { child: d('c'), parent: d('b') },
        ])
        .execute();
      const old = (digest: string, source: string, by: string | null) => ({
        digest,
        reason: `${source} reason`,
        source,
        created_by: by,
        created_at: at,
      });
      for (const row of [old(d('a'), 'cve', 'watch'), old(d('a'), 'cve', 'watch'), old(d('b'), 'manual', 'alice')])
        await sql`INSERT INTO revocations (digest, reason, source, created_by, created_at) VALUES (${row.digest}, ${row.reason}, ${row.source}, ${row.created_by}, ${row.created_at})`.execute(
          e.db,
        );

      const store = await ReleaseStore.open(e); // applies 006 (and whatever follows)
      try {
        const revocations = new RevocationStore(store.engine, () => new Date(at));
        const onA = await revocations.active(d('a'), 'prod');
        assert.deepEqual(
          onA.map((r) => [r.cause, r.chain, r.source, r.reason]),
          [['cve', [d('a')], 'watch', 'cve reason']],
          'the repeated row is closed as a duplicate',
        );
        const onC = await revocations.active(d('c'), 'prod');
        assert.deepEqual(onC.map((r) => [r.cause, r.rootCause, r.chain]).sort(), [
          ['lineage', 'cve', [d('a'), d('b'), d('c')]],
          ['lineage', 'manual', [d('b'), d('c')]],
        ]);
        // Each propagated row is recorded: c's two (from a and from b) and b's one (from a).
        const entries = await new LedgerStore(store.engine.db).entriesFor(d('c'));
        assert.equal(entries.length, 2);
        const events = await new EventStore(store.engine, () => new Date(at)).list({ types: ['revoke'] });
        assert.deepEqual(events.map((x) => x.digest).sort(), [d('b'), d('c'), d('c')]);
        // Reinstating the migrated root ends what the migration propagated from it.
        await revocations.apply([{ action: 'reinstate', digest: d('a'), reason: 'fixed', actor: 'cli:bob' }]);
        assert.deepEqual(
          (await revocations.active(d('c'), 'prod')).map((r) => r.chain[0]),
          [d('b')],
        );
      } finally {
        await store.close();
      }
    });
  });
}

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RevocationError } from '../../src/domain/revocation-error.js';
import type { RevokeRequest } from '../../src/domain/revocation.js';
import { decodeLedgerEntry } from '../../src/ledger/ledger-entry.js';
import { EventStore } from '../../src/store/event-store.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { ENGINES } from '../support/engines.js';
import { d, link } from './revocation-support.js';

const now = new Date('2026-11-22T10:00:00Z');
const manual = (digest: ReturnType<typeof d>, extra: Partial<RevokeRequest> = {}): RevokeRequest => ({
  action: 'revoke',
  digest,
  cause: 'manual',
  reason: 'compromised builder',
  actor: 'cli:alice',
  ...extra,
});
const isCode = (code: string) => (e: unknown) => e instanceof RevocationError && e.code === code;

for (const engine of ENGINES) {
  describe(`RevocationStore on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let revocations: RevocationStore;
    let ledger: LedgerStore;
    let events: EventStore;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      revocations = new RevocationStore(store.engine, () => now);
      ledger = new LedgerStore(store.engine.db);
      events = new EventStore(store.engine, () => now);
      // a ← b ← c ← e, and b ← f: b's revocation reaches c, e and f, never a.
      await link(store, d('a'), [], 'registry.example/base');
      await link(store, d('b'), [d('a')]);
      await link(store, d('c'), [d('b')], 'registry.example/api');
      await link(store, d('e'), [d('c')]);
      await link(store, d('f'), [d('b')]);
    });
    after(async () => store?.close());

    test('a revocation reaches every descendant in the same transaction, each with its chain; the ancestor stays promotable', async () => {
      const size = await ledger.size();
      const changes = await revocations.apply([manual(d('b'))]);
      assert.deepEqual(
        changes.map((c) => [c.action, c.revocation.digest, c.revocation.cause, c.revocation.chain]),
        [
          ['revoke', d('b'), 'manual', [d('b')]],
          ['revoke', d('c'), 'lineage', [d('b'), d('c')]],
          ['revoke', d('f'), 'lineage', [d('b'), d('f')]],
          ['revoke', d('e'), 'lineage', [d('b'), d('c'), d('e')]],
        ],
      );
      const [onE] = await revocations.active(d('e'), 'prod');
      assert.equal(onE?.inheritedFrom, d('b'));
      assert.equal(onE?.rootCause, 'manual');
      assert.equal(onE?.reason, 'compromised builder');
      assert.equal(onE?.env, undefined, 'no --env: every environment');
      assert.deepEqual(await revocations.active(d('a'), 'prod'), []);
      // One ledger entry and one event per state change, the event naming its entry.
      assert.equal(await ledger.size(), size + 4);
      const entry = decodeLedgerEntry(await ledger.entry(size + 3)).entry;
      assert.equal(entry.type, 'revocation');
      assert.deepEqual(entry.type === 'revocation' ? entry.payload : undefined, {
        digest: d('e'),
        action: 'revoke',
        reason: 'lineage',
        detail: 'compromised builder',
        propagatedFrom: d('b'),
        chain: [d('b'), d('c'), d('e')],
      });
      const [event] = await events.list({ types: ['revoke'], digest: d('e') });
      assert.equal(event?.cause, 'lineage');
      assert.deepEqual(event?.details.chain, [d('b'), d('c'), d('e')]);
      assert.equal(event?.ledgerIndex, size + 3);
    });

    test('revoking what is already revoked changes nothing: no row, no entry, no generation bump', async () => {
      const [size, generation] = [await ledger.size(), await store.generation()];
      assert.deepEqual(await revocations.apply([manual(d('b'), { reason: 'again' })]), []);
      assert.equal(await ledger.size(), size);
      assert.equal(await store.generation(), generation);
      assert.equal((await revocations.active(d('c'), 'prod')).length, 1);
    });

    test('per environment: an --env revocation holds there only, beside the all-environment one', async () => {
      await revocations.apply([manual(d('a'), { env: 'prod', cause: 'cve', advisory: 'GHSA-1234' })]);
      assert.equal((await revocations.active(d('a'), 'prod')).length, 1);
      assert.deepEqual(await revocations.active(d('a'), 'dev'), []);
      const onE = await revocations.active(d('e'), 'prod');
      assert.deepEqual(onE.map((r) => [r.chain[0], r.env ?? '*', r.advisory ?? '']).sort(), [
        [d('a'), 'prod', 'GHSA-1234'],
        [d('b'), '*', ''],
      ]);
      assert.deepEqual(
        (await revocations.listActive({ cause: 'cve', advisory: 'GHSA-1234' })).map((r) => r.digest),
        [d('a')],
      );
    });

    test('reinstating a root ends what it propagated, recorded; another root still holds', async () => {
      const changes = await revocations.apply([
        {
          action: 'reinstate',
          digest: d('a'),
          cause: 'cve',
          advisory: 'GHSA-1234',
          reason: 'fixed',
          actor: 'watch:cve',
        },
      ]);
      assert.ok(changes.every((c) => c.action === 'reinstate'));
      assert.deepEqual(changes.map((c) => c.revocation.digest).sort(), [d('a'), d('b'), d('c'), d('e'), d('f')].sort());
      assert.deepEqual(await revocations.active(d('a'), 'prod'), []);
      assert.deepEqual(
        (await revocations.active(d('e'), 'prod')).map((r) => r.chain[0]),
        [d('b')],
      );
      const [event] = await events.list({ types: ['reinstate'], digest: d('e') });
      assert.equal(event?.details.reinstateReason, 'fixed');
      assert.deepEqual(await revocations.apply([{ action: 'reinstate', digest: d('a'), reason: 'x', actor: 'y' }]), []);
    });

    test('a child linked later to a revoked parent inherits in the ingest transaction, with its own descendants', async () => {
      // 7 ← 9 exists first; then 9 is linked under c (revoked through b): 9 and 7 inherit.
      await link(store, d('7'), [d('9')]);
      await link(store, d('9'), [d('c')]);
      const chains = (await revocations.active(d('7'), 'prod')).map((r) => r.chain);
      assert.deepEqual(chains, [[d('b'), d('c'), d('9'), d('7')]]);
      const [event] = await events.list({ types: ['revoke'], digest: d('7') });
      assert.equal(event?.cause, 'lineage');
      assert.ok(event?.ledgerIndex !== undefined);
    });

    test('a link that would close a loop is refused with the loop named, and nothing of the ingest is stored', async () => {
      const evidence = (await store.listEvidence(d('a'))).length;
      await assert.rejects(link(store, d('a'), [d('e')]), (e: unknown) => {
        assert.ok(isCode('LINEAGE_CYCLE')(e));
        assert.match((e as Error).message, new RegExp(`${d('a')} → ${d('e')} → ${d('c')} → ${d('b')} → ${d('a')}`));
        return true;
      });
      assert.equal((await store.listEvidence(d('a'))).length, evidence);
      assert.deepEqual((await store.getArtifact(d('a')))?.parents, []);
    });

    test('an unknown digest is refused; a failing effects callback rolls everything back', async () => {
      await assert.rejects(revocations.apply([manual(d('0'))]), isCode('ARTIFACT_UNKNOWN'));
      const size = await ledger.size();
      await assert.rejects(
        revocations.apply([manual(d('f'), { cause: 'drift' })], () => {
          throw new Error('ticket builder failed');
        }),
        /ticket builder failed/,
      );
      assert.equal(await ledger.size(), size);
      assert.ok((await revocations.active(d('f'), 'prod')).every((r) => r.cause !== 'drift'));
    });

    test('the effects callback sees the changes; its outbox rows commit with them', async () => {
      await revocations.apply([manual(d('f'), { cause: 'drift', reason: 'runtime drift' })], (changes) => ({
        outbox: changes.map((c) => ({
          topic: 'ticket',
          destination: 'http://127.0.0.1:9/tickets',
          idempotencyKey: `${c.revocation.digest}|drift`,
          payload: { digest: c.revocation.digest },
        })),
      }));
      const rows = await store.engine.db
        .withTables<{ outbox: { idempotency_key: string } }>()
        .selectFrom('outbox')
        .select('idempotency_key')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.idempotency_key),
        [`${d('f')}|drift`],
      );
    });

    test('a NUL in a watcher-supplied reason is stored on both engines, replaced', async () => {
      await revocations.apply([manual(d('9'), { cause: 'cve', advisory: 'GHSA-nul', reason: 'a\u0000b' })]);
      const [row] = await revocations.listActive({ advisory: 'GHSA-nul', digests: [d('9')] });
      assert.equal(row?.reason, 'a\ufffdb');
      await revocations.apply([
        { action: 'reinstate', digest: d('9'), advisory: 'GHSA-nul', reason: 'gone\u0000', actor: 'watch:cve' },
      ]);
      assert.deepEqual(await revocations.listActive({ advisory: 'GHSA-nul' }), []);
    });

    test('two writers revoking the same digest at once: one revokes, the other changes nothing', async () => {
      const other = new RevocationStore(store.engine, () => now);
      const request = manual(d('9'), { cause: 'cve', advisory: 'GHSA-race', env: 'prod' });
      const results = await Promise.all([revocations.apply([request]), other.apply([request])]);
      assert.deepEqual(results.map((r) => r.length).sort(), [0, 2], '9 and its child 7, once');
      assert.equal((await revocations.listActive({ advisory: 'GHSA-race' })).length, 2);
    });

    test('lineage: ancestors and descendants with depth, names and each one’s active revocations', async () => {
      const view = await revocations.lineage(d('c'));
      assert.equal(view?.name, 'registry.example/api');
      assert.deepEqual(
        view?.ancestors.map((n) => [n.digest, n.depth, n.name]),
        [
          [d('b'), 1, null],
          [d('a'), 2, 'registry.example/base'],
        ],
      );
      assert.deepEqual(
        view?.descendants.map((n) => [n.digest, n.depth]),
        [
          [d('9'), 1],
          [d('e'), 1],
          [d('7'), 2],
        ],
      );
      assert.deepEqual(
        view?.revocations.map((r) => r.inheritedFrom),
        [d('b')],
      );
      assert.equal(await revocations.lineage(d('0')), undefined);
    });
  });
}

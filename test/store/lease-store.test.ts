import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReleaseStore } from '../../src/store/release-store.js';
import { LeaseStore } from '../../src/store/lease-store.js';
import { postgresEngine } from '../../src/store/dialect/postgres-engine.js';
import { ENGINES } from '../support/engines.js';

const t0 = new Date(Date.UTC(2026, 10, 29, 12, 0, 0));
const after_ = (ms: number) => new Date(t0.getTime() + ms);

for (const engine of ENGINES) {
  describe(`leases on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let leases: LeaseStore;
    let url: string | undefined;
    before(async () => {
      const created = await engine.create();
      url = created.url;
      store = await ReleaseStore.open(created.engine);
      leases = new LeaseStore(store.engine);
    });
    after(async () => {
      await store?.close();
    });

    test('a free lease is taken; a live one is refused to another holder and renewed for its own', async () => {
      const a = await leases.acquire('job', 'a', t0, 10_000);
      assert.deepEqual(a, { name: 'job', holder: 'a', token: 1, expiresAt: after_(10_000).toISOString() });
      assert.equal(await leases.acquire('job', 'b', after_(5_000), 10_000), undefined);
      const renewed = await leases.acquire('job', 'a', after_(5_000), 10_000);
      assert.equal(renewed?.token, 1, 'renewal keeps the fencing token');
      assert.equal(renewed?.expiresAt, after_(15_000).toISOString());
      assert.equal(await leases.acquire('job', 'b', after_(14_999), 10_000), undefined, 'renewal moved the expiry');
      assert.equal((await leases.get('job'))?.holder, 'a');
    });

    test('an expired lease goes to the next holder with a higher token; the old holder cannot renew it', async () => {
      const b = await leases.acquire('job', 'b', after_(15_000), 10_000);
      assert.equal(b?.holder, 'b');
      assert.equal(b?.token, 2, 'a change of holder raises the token');
      assert.equal(await leases.acquire('job', 'a', after_(16_000), 10_000), undefined, 'a paused holder lost it');
    });

    test('release frees the lease only for its holder; the token keeps rising afterwards', async () => {
      await leases.release('job', 'a'); // not the holder: no effect
      assert.equal(await leases.acquire('job', 'c', after_(17_000), 10_000), undefined);
      await leases.release('job', 'b');
      const c = await leases.acquire('job', 'c', after_(17_000), 10_000);
      assert.equal(c?.token, 3);
      assert.equal(await leases.get('missing'), undefined);
    });

    test('leases are independent by name', async () => {
      assert.equal((await leases.acquire('other', 'a', after_(17_000), 1_000))?.token, 1);
    });

    if (engine.name === 'postgres')
      test('concurrent acquires from separate connections: exactly one wins', async () => {
        const engines = Array.from({ length: 8 }, () => postgresEngine(url!, 1));
        try {
          const stores = engines.map((e) => new LeaseStore(e));
          for (let round = 0; round < 5; round++) {
            const now = after_(60_000 * (round + 1)); // every earlier lease has expired; new holder names
            const won = await Promise.all(stores.map((s, i) => s.acquire('race', `r${round}.${i}`, now, 30_000)));
            const winners = won.filter((l) => l !== undefined);
            assert.equal(winners.length, 1, `round ${round}: ${JSON.stringify(won)}`);
            assert.equal(winners[0]?.token, round + 1);
          }
        } finally {
          await Promise.all(engines.map((e) => e.close()));
        }
      });
  });
}

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { WaiverStore } from '../../src/store/waiver-store.js';
import { decodeLedgerEntry } from '../../src/ledger/ledger-entry.js';
import { ENGINES } from '../support/engines.js';

for (const engine of ENGINES) {
  describe(`waiver changes are ledger entries on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let store: ReleaseStore;
    after(async () => store?.close());
    test('create and revoke each append an entry in the same transaction', async () => {
      store = await ReleaseStore.open((await engine.create()).engine);
      const ledger = new LedgerStore(store.engine.db);
      const waivers = new WaiverStore(store.engine);
      const before = await ledger.size();
      await waivers.add(
        {
          id: 'w-1',
          advisory: 'GHSA-aaaa-bbbb-cccc',
          owner: 'team-a',
          reason: 'not reachable',
          created: '2026-11-22T10:00:00.000Z',
          expires: '2026-11-29T10:00:00.000Z',
          source: 'api',
        },
        'token:abcd',
      );
      assert.equal(await waivers.remove('w-1', new Date('2026-11-23T10:00:00Z'), 'token:abcd'), true);
      assert.equal(
        await waivers.remove('w-1', new Date('2026-11-23T10:00:00Z'), 'token:abcd'),
        false,
        'nothing to remove, nothing appended',
      );
      assert.equal(await ledger.size(), before + 2);
      const kinds = [];
      for (let i = before; i < before + 2; i++) {
        const { entry } = decodeLedgerEntry(await ledger.entry(i));
        assert.equal(entry.type, 'waiver');
        kinds.push(entry.type === 'waiver' ? entry.payload.action : '');
      }
      assert.deepEqual(kinds, ['create', 'revoke']);
    });
  });
}

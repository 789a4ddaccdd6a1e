import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Digest } from '../../src/domain/digest.js';
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/ledger-error.js';
import { decodeLedgerEntry } from '../../src/ledger/ledger-entry.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { ENGINES } from '../support/engines.js';
import { hashLeaf, rfcVerifyConsistency, rfcVerifyInclusion, rootFromLeafHashes } from '../ledger/rfc9162-verifier.js';
import { SAMPLE_ENTRIES } from '../ledger/sample-entries.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const now = new Date('2026-11-22T10:00:00Z');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const isCode = (code: LedgerErrorCode, path?: string) => (e: unknown) =>
  e instanceof LedgerError && e.code === code && (path === undefined || e.path === path);

for (const engine of ENGINES) {
  describe(`LedgerStore on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let ledger: LedgerStore;
    let revocations: RevocationStore;
    const revoke = (digest: Digest, reason: string, actor: string) =>
      revocations.apply([{ action: 'revoke', digest, cause: 'manual', reason, actor }]);
    /** Every leaf appended so far, in order, from the entry bytes read back. */
    const leaves = async (): Promise<Uint8Array[]> => {
      const n = await ledger.size();
      return Promise.all(Array.from({ length: n }, async (_, i) => hashLeaf(await ledger.entry(i))));
    };

    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      ledger = new LedgerStore(store.engine.db);
      revocations = new RevocationStore(store.engine, () => now);
    });
    after(async () => store?.close());

    test('ingest, revocation and decision each append their entry in the same transaction', async () => {
      const bytes = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
      await store.addEvidenceBatch([
        {
          artifact: d('a'),
          kind: 'sbom',
          bytes,
          mediaType: 'application/json',
          format: 'cyclonedx-1.5',
          normalized: {},
        },
        {
          artifact: d('a'),
          kind: 'scan',
          bytes: new TextEncoder().encode('{}'),
          mediaType: 'application/json',
          format: 'osv-scanner',
          normalized: {},
        },
      ]);
      assert.equal(await ledger.size(), 2);
      await store.addEvidence({
        artifact: d('a'),
        kind: 'sbom',
        bytes,
        mediaType: 'application/json',
        format: 'cyclonedx-1.5',
        normalized: {},
      });
      assert.equal(await ledger.size(), 2, 'an already-linked document is no state change and no entry');
      await revoke(d('a'), 'base image compromised', 'alice');
      await store.recordDecision(
        {
          allow: false,
          digest: d('a'),
          env: 'prod',
          profile: 'prod',
          policyHash: d('p'),
          evaluatedAt: now.toISOString(),
          gates: [{ gate: 'sbom', mode: 'enforce', result: 'fail', reasons: [{ code: 'SBOM_MISSING', message: '' }] }],
        },
        'k1',
      );
      assert.equal(await ledger.size(), 4);
      const types = await Promise.all([0, 1, 2, 3].map(async (i) => decodeLedgerEntry(await ledger.entry(i)).entry));
      assert.deepEqual(
        types.map((e) => e.type),
        ['ingest', 'ingest', 'revocation', 'decision'],
      );
      assert.equal(types[2]!.actor, 'alice');
      assert.deepEqual(
        (await ledger.entriesFor(d('a'))).map((e) => e.idx),
        [0, 1, 2, 3],
      );
      assert.deepEqual(
        (await ledger.entriesFor(d('a'), undefined, 2)).map((e) => e.idx),
        [0, 1, 2, 3],
        'pages, never cut off',
      );
      assert.deepEqual(
        (await ledger.entriesFor(d('a'), 3, 2)).map((e) => e.idx),
        [0, 1, 2],
        'below the tree size',
      );
    });

    test('free text is clipped by code points: an emoji at the cut point still records', async () => {
      await store.engine.db
        .insertInto('artifacts')
        .values({ digest: d('c'), name: null, created_at: '' })
        .execute();
      const before = await ledger.size();
      // 4,094 ASCII characters, then a surrogate pair straddling the 4,095th UTF-16 unit.
      await revoke(d('c'), `${'x'.repeat(4094)}😀 and more`, 'bob');
      assert.equal(await ledger.size(), before + 1);
      assert.equal((await revocations.active(d('c'), 'prod')).length, 1);
      const entry = decodeLedgerEntry(await ledger.entry(before)).entry;
      assert.equal(entry.type, 'revocation');
      const detail = entry.type === 'revocation' ? (entry.payload.detail ?? '') : '';
      assert.equal([...detail].length, 4096);
      assert.ok(detail.endsWith('x😀…'));
    });

    test('a rolled-back state change leaves no entry; an invalid entry rolls back the state change', async () => {
      const before = await ledger.size();
      await assert.rejects(
        store.engine.db.transaction().execute(async (trx) => {
          await LedgerStore.appendInTransaction(trx, [SAMPLE_ENTRIES[1]!]);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await ledger.size(), before);
      const revocationCount = async () => (await revocations.active(d('b'), 'prod')).length;
      const bad = {
        ...SAMPLE_ENTRIES[2]!,
        payload: { digest: 'sha256:nope', action: 'revoke', reason: 'cve' },
      } as never;
      await assert.rejects(
        store.engine.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('revocations')
            .values({ digest: d('b'), reason: 'x', source: 'manual', created_by: null, created_at: now.toISOString() })
            .execute();
          await LedgerStore.appendInTransaction(trx, [bad]);
        }),
        isCode('ENTRY_INVALID', '/payload/digest'),
      );
      assert.equal(await revocationCount(), 0);
      assert.equal(await ledger.size(), before);
      assert.equal((await ledger.verifyAll()).size, before);
    });

    test('concurrent appends serialise on the head row and keep one consistent tree', async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          ledger.append(Array.from({ length: 1 + (i % 4) }, () => SAMPLE_ENTRIES[i % SAMPLE_ENTRIES.length]!)),
        ),
      );
      const all = await leaves();
      const { size, root } = await ledger.verifyAll();
      assert.equal(size, all.length);
      assert.equal(hex(root), hex(rootFromLeafHashes(all)));
    });

    test('proofs from stored subtree hashes verify with ours and the independent RFC verifier', async () => {
      for (let k = 0; k < 5; k++) await ledger.append(Array.from({ length: 13 }, () => SAMPLE_ENTRIES[k]!));
      const all = await leaves();
      const n = all.length;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: n }),
          fc.nat(),
          fc.integer({ min: 1, max: n }),
          async (size, i, from0) => {
            const index = i % size;
            const p = await ledger.inclusionProof(index, size);
            assert.equal(hex(p.leafHash), hex(all[index]!));
            assert.equal(hex(p.root), hex(rootFromLeafHashes(all.slice(0, size))));
            verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, p.root);
            assert.deepEqual(
              await ledger.inclusionProofs([index, 0, index], size),
              [p, await ledger.inclusionProof(0, size), p],
              'batched = one by one',
            );
            assert.ok(rfcVerifyInclusion(index, size, all[index]!, p.proof, p.root));
            const from = Math.min(from0, size);
            const c = await ledger.consistencyProof(from, size);
            verifyConsistency(c.fromSize, c.toSize, c.proof, c.fromRoot, c.toRoot);
            assert.ok(rfcVerifyConsistency(from, size, c.fromRoot, c.toRoot, c.proof));
          },
        ),
        { numRuns: 60 },
      );
    });

    test('bad requests are typed errors: past the tree, from > to, sizes beyond the log', async () => {
      const n = await ledger.size();
      await assert.rejects(ledger.inclusionProof(n), isCode('INDEX_OUT_OF_RANGE', 'leafIdx'));
      await assert.rejects(ledger.inclusionProof(0, n + 1), isCode('TREE_SIZE', 'treeSize'));
      await assert.rejects(ledger.inclusionProof(-1), isCode('TREE_SIZE'));
      await assert.rejects(ledger.consistencyProof(5, 3), isCode('TREE_SIZE', 'fromSize'));
      await assert.rejects(ledger.consistencyProof(0, 3), isCode('TREE_SIZE', 'fromSize'));
      await assert.rejects(ledger.consistencyProof(3, n + 1), isCode('TREE_SIZE', 'toSize'));
      await assert.rejects(ledger.entry(n), isCode('INDEX_OUT_OF_RANGE'));
    });

    test('proofs need no entry bytes (no rehashing); verifyAll catches any flipped byte and a bad node', async () => {
      const db = store.engine.db.withTables<{
        ledger_entries: { idx: number; entry: Uint8Array };
        ledger_nodes: { level: number; idx: number; hash: Uint8Array };
      }>();
      const saved = await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.entry(i)));
      const restore = async (i: number, bytes: Uint8Array) =>
        db
          .updateTable('ledger_entries')
          .set({ entry: Buffer.from(bytes) })
          .where('idx', '=', i)
          .execute();
      const expected = await ledger.inclusionProof(3);
      await db
        .updateTable('ledger_entries')
        .set({ entry: Buffer.alloc(0) })
        .where('idx', '<', 8)
        .execute();
      assert.deepEqual(await ledger.inclusionProof(3), expected, 'proofs read stored hashes only');
      await assert.rejects(ledger.verifyAll(), isCode('LOG_CORRUPT', 'entries/0'));
      for (let i = 0; i < 8; i++) await restore(i, saved[i]!);
      await ledger.verifyAll();
      const original = saved[3]!;
      for (let b = 0; b < original.length; b += 7) {
        const bad = Buffer.from(original);
        bad[b]! ^= 0x01;
        await restore(3, bad);
        await assert.rejects(ledger.verifyAll(), isCode('LOG_CORRUPT', 'entries/3'), `byte ${b}`);
      }
      await restore(3, original);
      await ledger.verifyAll();
      await db
        .updateTable('ledger_nodes')
        .set({ hash: Buffer.alloc(32, 7) })
        .where('level', '=', 2)
        .where('idx', '=', 1)
        .execute();
      await assert.rejects(ledger.verifyAll(), isCode('LOG_CORRUPT', 'nodes/2/1'));
      await db.deleteFrom('ledger_nodes').where('level', '=', 2).where('idx', '=', 1).execute();
      await assert.rejects(ledger.verifyAll(), isCode('LOG_CORRUPT', 'nodes/2/1'));
      await assert.rejects(ledger.inclusionProof(0), isCode('NODE_MISSING'));
    });
  });
}

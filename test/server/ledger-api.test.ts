import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { LedgerService } from '../../src/app/ledger-service.js';
import { startCheckpointSchedule } from '../../src/app/checkpoint-schedule.js';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { checkpointToJson } from '../../src/ledger/checkpoint-json.js';
import { LedgerError } from '../../src/ledger/ledger-error.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from '../../src/ledger/note-key.js';
import { parseConsistencyProofJson, parseInclusionProofJson } from '../../src/ledger/proof-json.js';
import { buildApp } from '../../src/server/app.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const TOKEN = TEST_TOKEN;
const ORIGIN = 'mc.test/ledger-api';
const digest = `sha256:${'e'.repeat(64)}`;
const now = new Date('2026-11-22T10:00:00Z');
const isLedger = (code: string) => (e: unknown) => e instanceof LedgerError && e.code === code;

for (const engine of ENGINES) {
  describe(`ledger HTTP API on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let ledger: LedgerService;
    const oldKey = generateNoteKey(ORIGIN);
    const newKey = generateNoteKey(ORIGIN);
    const auth = { authorization: `Bearer ${TOKEN}` };

    before(async () => {
      const ws = makeWorkspace();
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      const installation = testInstallation(ws, store, () => now, {});
      const service = installation.gate;
      ledger = new LedgerService(
        store,
        new LedgerStore(store.engine.db),
        { signer: parseSignerKey(oldKey.skey), verifiers: [parseVerifierKey(oldKey.vkey)] },
        () => now,
      );
      // The routes use the installation's clock (rotatedAt below is `now`).
      const verifiers = [parseVerifierKey(oldKey.vkey), parseVerifierKey(newKey.vkey)];
      const routesLedger = new LedgerService(store, new LedgerStore(store.engine.db), { verifiers }, () => now);
      ({ app } = buildApp({
        services: { ...installation, ledger: routesLedger },
        apiTokens: [TOKEN],
        bodyLimitBytes: 1024 * 1024,
      }));
      await service.ingest(digest, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      await service.verify(digest, 'prod', 'always');
      await service.verify(digest, 'dev', 'always');
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('no checkpoint yet is a 404; the schedule signs one only when the tree grew', async () => {
      const r = await app.inject('/v1/ledger/checkpoint');
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().error.code, 'CHECKPOINT_NONE');
      const events: unknown[] = [];
      const schedule = startCheckpointSchedule(ledger, 0, (e) => events.push(e));
      const first = await schedule.tick();
      assert.equal(first?.signed, true);
      assert.equal(first?.checkpoint.size, 3);
      const again = await schedule.tick();
      assert.equal(again?.signed, false, 'no new checkpoint without growth');
      assert.equal(events.length, 1);
      schedule.stop();
    });

    test('GET checkpoint, proof and consistency verify offline with the vkey', async () => {
      const note = await app.inject('/v1/ledger/checkpoint');
      assert.equal(note.statusCode, 200);
      assert.match(note.headers['content-type'] as string, /^text\/plain/);
      const { checkpoint } = openCheckpoint(note.body, [parseVerifierKey(oldKey.vkey)], { origin: ORIGIN });
      const proof = await app.inject('/v1/ledger/proof?index=1');
      assert.equal(proof.statusCode, 200, proof.body);
      assert.deepEqual(Object.keys(proof.json()), ['leafIdx', 'treeSize', 'leafHash', 'proof', 'root']);
      const p = parseInclusionProofJson(proof.json());
      assert.equal(p.treeSize, checkpoint.size);
      verifyInclusion(p.leafIdx, p.treeSize, p.leafHash, p.proof, checkpoint.rootHash);
      const cons = await app.inject('/v1/ledger/consistency?from=1&to=3');
      assert.deepEqual(Object.keys(cons.json()), ['fromSize', 'toSize', 'proof', 'fromRoot', 'toRoot']);
      const c = parseConsistencyProofJson(cons.json());
      verifyConsistency(c.fromSize, c.toSize, c.proof, c.fromRoot, checkpoint.rootHash);
      const json = (await app.inject('/v1/ledger/checkpoint?format=json')).json();
      assert.equal(json.treeSize, 3);
      assert.equal(json.origin, ORIGIN);
      assert.deepEqual(json, checkpointToJson(await ledger.latest()), 'the JSON mc ledger checkpoint --json prints');
      assert.equal(json.root, Buffer.from(checkpoint.rootHash).toString('base64'));
    });

    test('with vkeys the routes refuse a stored checkpoint no known key signed', async () => {
      const ws = makeWorkspace();
      const installation = testInstallation(ws, store, () => now, {});
      const stranger = parseVerifierKey(generateNoteKey(ORIGIN).vkey);
      const routesLedger = new LedgerService(
        store,
        new LedgerStore(store.engine.db),
        { verifiers: [stranger] },
        () => now,
      );
      const { app: strict } = buildApp({
        services: { ...installation, ledger: routesLedger },
        apiTokens: [TOKEN],
        bodyLimitBytes: 1024,
      });
      try {
        const r = await strict.inject('/v1/ledger/checkpoint');
        assert.equal(r.statusCode, 422, r.body);
        assert.equal(r.json().error.code, 'NO_VERIFIED_SIGNATURE');
      } finally {
        await strict.close();
      }
    });

    test('bad input is a 4xx with a code, never a 5xx', async () => {
      const cases: Array<[string, number, string]> = [
        ['/v1/ledger/proof?index=3', 422, 'INDEX_OUT_OF_RANGE'],
        ['/v1/ledger/proof?index=0&treeSize=99', 422, 'TREE_SIZE'],
        ['/v1/ledger/proof?index=-1', 400, 'REQUEST_INVALID'],
        ['/v1/ledger/proof?index=abc', 400, 'REQUEST_INVALID'],
        ['/v1/ledger/proof', 400, 'REQUEST_INVALID'],
        ['/v1/ledger/proof?index=99999999999999999999', 400, 'REQUEST_INVALID'],
        ['/v1/ledger/consistency?from=3&to=2', 422, 'TREE_SIZE'],
        ['/v1/ledger/consistency?from=0&to=2', 422, 'TREE_SIZE'],
        ['/v1/ledger/consistency?from=9', 422, 'TREE_SIZE'],
        ['/v1/ledger/consistency?from=1&to=50', 422, 'TREE_SIZE'],
        ['/v1/ledger/checkpoint?format=xml', 400, 'REQUEST_INVALID'],
      ];
      for (const [url, status, code] of cases) {
        const r = await app.inject(url);
        assert.equal(r.statusCode, status, `${url}: ${r.body}`);
        assert.equal(r.json().error.code, code, url);
      }
    });

    test('POST /v1/attestations/rotation needs a token, records names, refuses secret values', async () => {
      const post = (payload: unknown, headers: Record<string, string> = auth) =>
        app.inject({
          method: 'POST',
          url: '/v1/attestations/rotation',
          headers: { ...headers, 'content-type': 'application/json' },
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
      const body = { subject: 'alice@example.com', items: ['prod/db-password', 'ci/npm-token'] };
      assert.equal((await post(body, {})).statusCode, 401);
      const ok = await post(body);
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().leafIdx, 3);
      assert.equal(ok.json().entry.payload.rotatedAt, now.toISOString());
      const cases: Array<[unknown, number, string, string | undefined]> = [
        [{ subject: 'alice', items: ['AKIAIOSFODNN7EXAMPLE'] }, 422, 'SECRET_LIKE_VALUE', '/payload/items/0'],
        [
          { subject: 'alice', items: ['ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'] },
          422,
          'SECRET_LIKE_VALUE',
          undefined,
        ],
        [
          { subject: 'alice', items: ['ci/aws-key'], actor: 'AKIAIOSFODNN7EXAMPLE' },
          422,
          'SECRET_LIKE_VALUE',
          '/actor',
        ],
        [{ subject: 'alice', items: ['name'], value: 'hunter2' }, 422, 'ATTESTATION_INVALID', '/value'],
        [{ subject: 'alice', items: [] }, 422, 'ENTRY_INVALID', '/payload/items'],
        [{ subject: 'alice', items: ['x'], rotatedAt: 'yesterday' }, 422, 'ENTRY_INVALID', '/payload/rotatedAt'],
        ['{"subject": "alice", "ite', 400, 'MALFORMED_JSON', undefined],
      ];
      for (const [payload, status, code, path] of cases) {
        const r = await post(payload);
        assert.equal(r.statusCode, status, r.body);
        assert.equal(r.json().error.code, code);
        if (path) assert.equal(r.json().error.path, path);
      }
      assert.equal(await ledger.ledger.size(), 4, 'refused attestations append nothing');
    });

    test('after a key rotation old and new checkpoints verify with both vkeys, and the log verifies', async () => {
      const old = await ledger.latest();
      const rotated = new LedgerService(
        store,
        new LedgerStore(store.engine.db),
        {
          signer: parseSignerKey(newKey.skey),
          verifiers: [parseVerifierKey(newKey.vkey), parseVerifierKey(oldKey.vkey)],
        },
        () => now,
      );
      const fresh = await rotated.checkpoint();
      assert.equal(fresh.signed, true);
      assert.equal(fresh.checkpoint.size, 4);
      const both = [parseVerifierKey(newKey.vkey), parseVerifierKey(oldKey.vkey)];
      openCheckpoint(old.note, both);
      openCheckpoint(fresh.note, both);
      assert.throws(() => openCheckpoint(old.note, [parseVerifierKey(newKey.vkey)]), isLedger('NO_VERIFIED_SIGNATURE'));
      const v = await rotated.verify();
      assert.equal(v.checkpoint?.size, 4);
      const keyless = new LedgerService(store, new LedgerStore(store.engine.db), { verifiers: [] }, () => now);
      await assert.rejects(
        keyless.verify(),
        isLedger('KEY_FILE'),
        'no vkey: the checkpoint is not reported as verified',
      );
      await assert.rejects(keyless.checkpoint(), isLedger('KEY_FILE'));
      const auditor = new LedgerService(store, new LedgerStore(store.engine.db), { verifiers: both }, () => now);
      assert.equal((await auditor.verify()).checkpoint?.size, 4, 'vkeys alone verify');
      const served = await app.inject('/v1/ledger/checkpoint');
      assert.equal(served.body, fresh.note);
    });

    test('a tree that no longer extends the last checkpoint is never signed', async () => {
      const signer = new LedgerService(
        store,
        new LedgerStore(store.engine.db),
        { signer: parseSignerKey(newKey.skey), verifiers: [parseVerifierKey(newKey.vkey)] },
        () => now,
      );
      const before = await signer.latest();
      await signer.append([
        {
          v: 1,
          type: 'rotation',
          at: now.toISOString(),
          actor: 'alice',
          payload: { subject: 'alice', items: ['ci/token'], rotatedAt: now.toISOString() },
        },
      ]);
      // Rewrite history under the signed checkpoint: the perfect subtree of leaves 0..3.
      const nodes = store.engine.db.withTables<{ ledger_nodes: { level: number; idx: number; hash: Uint8Array } }>();
      await nodes
        .updateTable('ledger_nodes')
        .set({ hash: Buffer.alloc(32, 9) })
        .where('level', '=', 2)
        .where('idx', '=', 0)
        .execute();
      await assert.rejects(signer.checkpoint(), isLedger('ROOT_MISMATCH'));
      assert.equal((await signer.latest()).note, before.note, 'nothing signed');
    });
  });
}

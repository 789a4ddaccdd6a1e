import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { migrate } from '../../src/store/migrator.js';
import type { Digest } from '../../src/domain/digest.js';
import { ENGINES } from '../support/engines.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const now = new Date('2026-11-22T10:00:00Z');

for (const engine of ENGINES) {
  describe(`ReleaseStore on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
    });
    after(async () => store?.close());

    test('migrations are applied once and readiness reports them', async () => {
      assert.equal(await migrate(store.engine), 0);
      const r = await store.readiness();
      assert.equal(r.ok, true);
      assert.equal(r.schemaVersion, r.expected);
    });

    test('evidence bytes are content-addressed and deduplicated', async () => {
      const bytes = new TextEncoder().encode('{"bomFormat":"CycloneDX"}');
      const g0 = await store.generation();
      const first = await store.addEvidence({
        artifact: d('a'),
        name: 'registry.example/acme/api',
        kind: 'sbom',
        bytes,
        mediaType: 'application/json',
        format: 'cyclonedx-1.5',
        normalized: { components: [] },
      });
      const again = await store.addEvidence({
        artifact: d('a'),
        kind: 'sbom',
        bytes,
        mediaType: 'application/json',
        format: 'cyclonedx-1.5',
        normalized: { components: [] },
      });
      const other = await store.addEvidence({
        artifact: d('b'),
        kind: 'sbom',
        bytes,
        mediaType: 'application/json',
        format: 'cyclonedx-1.5',
        normalized: {},
      });
      assert.equal(first.created, true);
      assert.equal(again.created, false);
      assert.equal(other.created, true);
      assert.equal(
        first.sha256,
        'sha256:' + (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'),
      );
      assert.deepEqual((await store.getBlob(first.sha256))?.bytes, bytes);
      const rows = await store.engine.db.selectFrom('blobs').select('sha256').execute();
      assert.equal(rows.filter((r) => r.sha256 === first.sha256).length, 1);
      assert.ok((await store.generation()) > g0);
      const view = await store.getArtifact(d('a'));
      assert.equal(view?.name, 'registry.example/acme/api');
      assert.equal(view?.evidence.length, 1);
    });

    test('revocation propagates to every descendant in the lineage graph', async () => {
      const bytes = new TextEncoder().encode('x');
      await store.addEvidence({
        artifact: d('c'),
        parents: [d('b')],
        kind: 'scan',
        bytes,
        mediaType: 'application/json',
        format: 'osv-scanner',
        normalized: [],
      });
      await store.addEvidence({
        artifact: d('e'),
        parents: [d('c')],
        kind: 'scan',
        bytes,
        mediaType: 'application/json',
        format: 'osv-scanner',
        normalized: [],
      });
      await new RevocationStore(store.engine, () => now).apply([
        { action: 'revoke', digest: d('b'), cause: 'manual', reason: 'base image compromised', actor: 'alice' },
      ]);
      const onGrandchild = (await store.getArtifact(d('e')))?.revocations ?? [];
      assert.equal(onGrandchild.length, 1);
      assert.equal(onGrandchild[0]!.inheritedFrom, d('b'));
      assert.deepEqual(onGrandchild[0]!.chain, [d('b'), d('c'), d('e')]);
      assert.deepEqual((await store.getArtifact(d('a')))?.revocations, []);
    });

    test('decisions are recorded and read back newest first', async () => {
      const decision = {
        allow: false,
        digest: d('a'),
        env: 'prod',
        profile: 'prod',
        policyHash: 'sha256:p',
        evaluatedAt: now.toISOString(),
        gates: [],
      };
      const id1 = await store.recordDecision(decision, 'k1');
      const id2 = await store.recordDecision({ ...decision, allow: true }, 'k2');
      assert.ok(id2 > id1);
      const last = await store.lastDecision(d('a'), 'prod');
      assert.equal(last?.inputsKey, 'k2');
      assert.equal(last?.decision.allow, true);
      assert.equal((await store.listDecisions({ digest: d('a') })).length, 2);
    });
  });
}

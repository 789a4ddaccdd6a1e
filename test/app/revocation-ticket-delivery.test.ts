import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Installation } from '../../src/app/installation.js';
import { OutboxDispatcher } from '../../src/app/outbox-dispatcher.js';
import type { Digest } from '../../src/domain/digest.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const base = `sha256:${'1'.repeat(64)}` as Digest;
const child = `sha256:${'2'.repeat(64)}` as Digest;
const sbom = cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]);

for (const engine of ENGINES) {
  describe(`a revocation's tickets reach the webhook on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    const clock = () => new Date('2026-11-29T12:00:00Z');
    let store: ReleaseStore;
    let inst: Installation;
    let hook: Server;
    const received: Array<{ key: string; body: Record<string, unknown> }> = [];
    before(async () => {
      hook = createServer((req, res) => {
        let text = '';
        req.on('data', (c) => (text += c));
        req.on('end', () => {
          received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(text) });
          res.writeHead(201).end();
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/tickets`;
      store = await ReleaseStore.open((await engine.create()).engine, clock);
      inst = testInstallation(makeWorkspace(), store, clock, {}, { config: { ticketWebhookUrl: url } });
      await inst.gate.ingest(base, [{ kind: 'sbom', bytes: sbom }], { name: 'registry.example/base' });
      await inst.gate.ingest(child, [{ kind: 'sbom', bytes: sbom }], { name: 'registry.example/api', parents: [base] });
    });
    after(async () => {
      hook?.close();
      await store?.close();
    });

    test('a revoke enqueues one ticket per newly revoked digest in its transaction; the dispatcher delivers them', async () => {
      await inst.revocations.revoke({ digest: base, reason: 'compromised builder' }, 'cli:test');
      assert.equal(await inst.outbox.pending(), 2);
      await inst.revocations.revoke({ digest: base, reason: 'compromised builder' }, 'cli:test');
      assert.equal(await inst.outbox.pending(), 2, 'a revoke that changes nothing enqueues nothing');
      const round = await new OutboxDispatcher(inst.outbox, inst.events, clock).deliverDue();
      assert.deepEqual(round, { attempted: 2, delivered: 2, failed: 0 });
      const byDigest = new Map(received.map((r) => [r.body.digest, r]));
      const t = byDigest.get(child)!;
      assert.match(t.key, /^ticket:[0-9a-f]{40}$/);
      assert.equal(t.body.cause, 'lineage');
      assert.deepEqual(t.body.names, ['registry.example/api']);
      assert.deepEqual(t.body.chain, [base, child]);
      assert.equal(t.body.allEnvironments, true);
      assert.equal(t.body.reason, 'compromised builder');
      assert.deepEqual(byDigest.get(base)?.body.names, ['registry.example/base']);
      const delivered = await inst.events.list({ types: ['outbox'], digest: child });
      assert.equal(delivered[0]?.details.outcome, 'delivered');
      assert.equal(delivered[0]?.details.status, 201);
    });
  });
}

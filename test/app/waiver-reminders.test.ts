import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { serveJobs } from '../../src/app/background-jobs.js';
import type { Installation } from '../../src/app/installation.js';
import { WaiverReminders } from '../../src/app/waiver-reminders.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { testInstallation } from '../support/installation.js';
import { ENGINES } from '../support/engines.js';
import { makeWorkspace } from '../support/workspace.js';

const digest = `sha256:${'e'.repeat(64)}`;
const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod:
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH] }
waivers:
  max_ttl: 30d
  remind_before: 48h
`;
const FILE_WAIVERS = `version: 1
waivers:
  - id: file-soon
    advisory: GHSA-file-0001
    owner: team-b
    reason: "vendor fix due; it's tracked"
    created: 2026-11-20T10:00:00Z
    ttl: 3d
`;

for (const engine of ENGINES) {
  describe(`waiver reminders on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let inst: Installation;
    let now = new Date('2026-11-22T10:00:00Z');
    const clock = () => now;
    let hook: Server;
    let hookUrl: string;
    const received: Array<{ key: string | undefined; body: Record<string, unknown> }> = [];
    let seq = 0;
    before(async () => {
      hook = createServer((req, res) => {
        let text = '';
        req.on('data', (c) => (text += c));
        req.on('end', () => {
          received.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(text) });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/reminders`;
      store = await ReleaseStore.open((await engine.create()).engine, clock);
      inst = testInstallation(
        makeWorkspace(GATES, FILE_WAIVERS),
        store,
        clock,
        {},
        {
          newWaiverId: () => `w-${++seq}`,
          config: { reminderWebhookUrl: hookUrl },
        },
      );
    });
    after(async () => {
      hook?.close();
      await store?.close();
    });

    test('waivers due within 48 h get one reminder each, per expiry, delivered to the owner hook', async () => {
      await inst.waivers.add({ digest, owner: 'team-a', reason: 'base image rebuild', ttl: '36h' }, 'cli');
      await inst.waivers.add({ advisory: 'GHSA-late-0001', owner: 'team-c', reason: 'later', ttl: '10d' }, 'cli');
      const reminders = new WaiverReminders(inst.waivers, inst.outbox, inst.events, clock, hookUrl);
      assert.deepEqual(await reminders.run(), { due: 2, enqueued: 2 });
      assert.deepEqual(await reminders.run(), { due: 2, enqueued: 0 }, 'a second round (or replica) adds nothing');

      const jobs = serveJobs(inst);
      assert.deepEqual(
        jobs.jobs.map((j) => j.spec.name),
        ['outbox', 'waiver-reminders', 'bypass-expiry', 'exception-expiry'],
      );
      const round = await jobs.jobs[0]!.beat();
      assert.deepEqual(round?.result, { attempted: 2, delivered: 2, failed: 0 });
      await jobs.stop();
      const byOwner = new Map(received.map((r) => [r.body.owner, r]));
      assert.deepEqual([...byOwner.keys()].sort(), ['team-a', 'team-b']);
      const a = byOwner.get('team-a')!;
      assert.equal(a.key, `reminder:w-1:2026-11-23T22:00:00.000Z`);
      assert.equal(a.body.expiresInHours, 36);
      assert.deepEqual(a.body.waiver, {
        id: 'w-1',
        digest,
        reason: 'base image rebuild',
        created: '2026-11-22T10:00:00.000Z',
        expires: '2026-11-23T22:00:00.000Z',
        source: 'api',
      });
      assert.equal(
        byOwner.get('team-b')!.body.renewCommand,
        `mc waivers add --advisory GHSA-file-0001 --owner team-b --reason 'vendor fix due; it'\\''s tracked' --ttl 7d`,
      );
      const events = await inst.events.list({ types: ['reminder'] });
      assert.deepEqual(events.map((e) => e.details.waiver).sort(), ['file-soon', 'w-1']);
      assert.equal(events.find((e) => e.details.waiver === 'w-1')?.digest, digest);
    });

    test('a waiver that enters the window later is reminded on the round after', async () => {
      now = new Date('2026-11-30T10:00:00Z'); // w-2 (10 d) is now due within 48 h
      const reminders = new WaiverReminders(inst.waivers, inst.outbox, inst.events, clock, hookUrl);
      assert.deepEqual(await reminders.run(), { due: 1, enqueued: 1 });
    });
  });
}

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresEngine } from '../../src/store/dialect/postgres-engine.js';
import { EventStore } from '../../src/store/event-store.js';
import { LeaseStore } from '../../src/store/lease-store.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES, freshSchemaUrl } from '../support/engines.js';
import { waitFor } from '../support/services.js';
import { runMc, startServe } from '../support/tsx-cli.js';

const pgEngine = ENGINES.find((e) => e.name === 'postgres')!;

/**
 * Two `mc serve` processes on one PostgreSQL database, with the wall clock (leases expire in real
 * time) and a short lease period. The first holds the outbox lease and hangs in a delivery; it is
 * killed with SIGKILL mid-tick; the second takes the lease over and delivers what was left.
 */
describe('two mc serve replicas on one PostgreSQL', { skip: pgEngine.skipReason ?? false }, () => {
  let url: string;
  let cwd: string;
  let hook: Server;
  let hookBase: string;
  const received: Array<{ path: string; key: string }> = [];
  const replicas: ChildProcess[] = [];
  let store: ReleaseStore;
  const env = () => ({
    ...process.env,
    MC_HOME: '',
    MC_NOW: '',
    MC_DATABASE_URL: url,
    MC_LEASE_TTL_MS: '1500',
    MC_REMINDER_WEBHOOK_URL: `${hookBase}/reminders`,
  });
  const mc = (...args: string[]) => runMc(cwd, env(), args);
  const serve = async () => {
    const { child } = await startServe(cwd, env());
    replicas.push(child);
    return child;
  };

  before(async () => {
    url = await freshSchemaUrl(process.env.MC_TEST_DATABASE_URL!);
    cwd = mkdtempSync(join(tmpdir(), 'mc-replicas-'));
    hook = createServer((req, res) => {
      received.push({ path: req.url ?? '', key: String(req.headers['idempotency-key']) });
      req.resume();
      // The first ticket delivery never gets an answer: its sender is killed while it waits.
      if (req.url === '/tickets' && received.filter((r) => r.path === '/tickets').length === 1) return;
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookBase = `http://127.0.0.1:${(hook.address() as { port: number }).port}`;
    const init = mc('init');
    assert.equal(init.status, 0, init.stderr);
    const waiver = mc(
      'waivers',
      'add',
      '--advisory',
      'GHSA-due-0001',
      '--owner',
      'team-a',
      '--reason',
      'r',
      '--ttl',
      '24h',
    );
    assert.equal(waiver.status, 0, waiver.stderr);
    store = await ReleaseStore.open(postgresEngine(url, 2));
    await new OutboxStore(store.engine, () => new Date()).enqueue([
      { topic: 'ticket', destination: `${hookBase}/tickets`, idempotencyKey: 'ticket:replicas', payload: { n: 1 } },
    ]);
  });
  after(async () => {
    for (const r of replicas) r.kill('SIGKILL');
    hook?.closeAllConnections();
    hook?.close();
    await store?.close();
  });

  test('the lease holder killed mid-delivery: the other replica takes over, delivers it, and ticks nothing twice', async () => {
    const leases = new LeaseStore(store.engine);
    const events = new EventStore(store.engine, () => new Date());
    const first = await serve();
    await waitFor(async () => (received.some((r) => r.path === '/tickets') ? true : undefined), 'the first delivery');
    const held = await leases.get('outbox');
    await serve();
    first.kill('SIGKILL'); // mid-tick: its POST is still waiting for an answer
    const delivered = await waitFor(async () => {
      const tickets = received.filter((r) => r.path === '/tickets');
      return tickets.length >= 2 ? tickets : undefined;
    }, 'the second replica to deliver the ticket');
    assert.deepEqual(
      delivered.map((r) => r.key),
      ['ticket:replicas', 'ticket:replicas'],
      'at least once, under one idempotency key',
    );
    await waitFor(
      async () => ((await new OutboxStore(store.engine, () => new Date()).pending()) === 0 ? true : undefined),
      'an empty outbox',
    );
    const taken = await leases.get('outbox');
    assert.notEqual(taken?.holder, held?.holder, 'another holder');
    assert.ok((taken?.token ?? 0) > (held?.token ?? 0), 'with a higher fencing token');
    // The reminder job (1 h interval) ticked once across both replicas, before and after the takeover.
    const ticks = await events.list({ types: ['watch-tick'], cause: 'waiver-reminders' });
    assert.equal(ticks.length, 1, JSON.stringify(ticks));
    assert.equal(received.filter((r) => r.path === '/reminders').length, 1);
  });
});

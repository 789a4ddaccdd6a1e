import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { backoffMs, OutboxDispatcher } from '../../src/app/outbox-dispatcher.js';
import type { Digest } from '../../src/domain/digest.js';
import { EventStore } from '../../src/store/event-store.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { freePort } from '../support/services.js';

const digest = `sha256:${'d'.repeat(64)}` as Digest;

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A loopback webhook answering each request with the next status of a script (then 200). */
async function webhook(script: Array<number | 'hang'>): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) });
      const next = script.shift() ?? 200;
      if (next === 'hang') return; // never answers
      if (next === 302) res.setHeader('location', 'http://127.0.0.1:9/elsewhere');
      res.writeHead(next).end('<html>error page</html>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/t`, received, server };
}

test('backoff doubles per attempt with equal jitter, capped', () => {
  assert.equal(
    backoffMs(1, () => 0, 1000, 60_000),
    500,
  );
  assert.equal(
    backoffMs(1, () => 0.999999, 1000, 60_000),
    1000,
  );
  assert.equal(
    backoffMs(3, () => 0.5, 1000, 60_000),
    3000,
  );
  assert.equal(
    backoffMs(40, () => 1, 1000, 60_000),
    60_000,
  );
});

for (const engine of ENGINES) {
  describe(`outbox delivery on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let now = Date.UTC(2026, 10, 29, 12, 0, 0);
    const clock = () => new Date(now);
    let outbox: OutboxStore;
    let events: EventStore;
    const servers: Server[] = [];
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine);
      outbox = new OutboxStore(store.engine, clock);
      events = new EventStore(store.engine, clock);
    });
    after(async () => {
      for (const s of servers) s.closeAllConnections?.();
      for (const s of servers) s.close();
      await store?.close();
    });
    const dispatcher = (timeoutMs = 2000) =>
      new OutboxDispatcher(outbox, events, clock, { baseDelayMs: 1000, random: () => 0.5, timeoutMs });

    test('a failing webhook is retried with backoff and the same idempotency key until it answers 2xx', async () => {
      const hook = await webhook([503, 500]);
      servers.push(hook.server);
      await outbox.enqueue([
        { topic: 'ticket', destination: hook.url, idempotencyKey: 'ticket:k1', payload: { digest, cause: 'cve' } },
      ]);
      const d = dispatcher();
      assert.deepEqual(await d.deliverDue(), { attempted: 1, delivered: 0, failed: 1 });
      assert.deepEqual(await d.deliverDue(), { attempted: 0, delivered: 0, failed: 0 }, 'not due before its backoff');
      now += 750; // attempt 1 failed: 1000/2 + 1000/2 × 0.5
      assert.deepEqual(await d.deliverDue(), { attempted: 1, delivered: 0, failed: 1 });
      now += 1499;
      assert.equal((await d.deliverDue()).attempted, 0);
      now += 1; // attempt 2: 2000 × 0.75
      assert.deepEqual(await d.deliverDue(), { attempted: 1, delivered: 1, failed: 0 });
      assert.equal(await outbox.pending(), 0);
      assert.deepEqual(
        hook.received.map((r) => [r.headers['idempotency-key'], r.headers['content-type']]),
        Array(3).fill(['ticket:k1', 'application/json']),
      );
      assert.deepEqual(hook.received[2]?.body, { digest, cause: 'cve' });
      const attempts = await events.list({ types: ['outbox'], digest });
      assert.deepEqual(
        attempts.map((e) => [e.details.attempt, e.details.outcome, e.details.status ?? null, e.cause]),
        [
          [3, 'delivered', 200, 'ticket'],
          [2, 'failed', 500, 'ticket'],
          [1, 'failed', 503, 'ticket'],
        ],
      );
      assert.equal(
        attempts[0]?.details.destination,
        new URL(hook.url).origin,
        'the path (maybe a secret) is not shown',
      );
    });

    test('an unreachable webhook, a hanging one and a redirect are failed attempts, never a crash or a drop', async () => {
      const closed = `http://127.0.0.1:${await freePort()}/hook`;
      const hang = await webhook(['hang']);
      const redirect = await webhook([302]);
      servers.push(hang.server, redirect.server);
      await outbox.enqueue([
        { topic: 'reminder', destination: closed, idempotencyKey: 'r:closed', payload: {} },
        { topic: 'reminder', destination: hang.url, idempotencyKey: 'r:hang', payload: {} },
        { topic: 'reminder', destination: redirect.url, idempotencyKey: 'r:redirect', payload: {} },
      ]);
      assert.deepEqual(await dispatcher(300).deliverDue(), { attempted: 3, delivered: 0, failed: 3 });
      assert.equal(await outbox.pending(), 3);
      const failures = await events.list({ types: ['outbox'], limit: 3 });
      const byKey = new Map(failures.map((e) => [e.details.idempotencyKey, e.details.error]));
      assert.match(String(byKey.get('r:closed')), /ECONNREFUSED/);
      assert.equal(byKey.get('r:hang'), 'no answer within 300 ms');
      assert.equal(byKey.get('r:redirect'), 'HTTP 302');
      now += 3_600_000;
      const due = await outbox.due(clock(), 10);
      assert.deepEqual(
        due.map((m) => [m.idempotencyKey, m.attempts]),
        [
          ['r:closed', 1],
          ['r:hang', 1],
          ['r:redirect', 1],
        ],
      );
    });

    test('enqueueing the same idempotency key twice keeps one message', async () => {
      const before = await outbox.pending();
      const m = { topic: 'ticket', destination: 'https://t.example/h', idempotencyKey: 'ticket:dup', payload: {} };
      assert.deepEqual(await outbox.enqueue([m]), ['ticket:dup']);
      assert.deepEqual(await outbox.enqueue([m]), [], 'nothing new');
      assert.equal(await outbox.pending(), before + 1);
    });
  });
}

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../../src/domain/digest.js';
import { EventStore } from '../../src/store/event-store.js';
import { ENGINES } from '../support/engines.js';
import { startTestApp, type TestApp } from '../support/http-app.js';

const digest = `sha256:${'a'.repeat(64)}` as Digest;

for (const engine of ENGINES) {
  describe(`GET /v1/events on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine); // clock 2026-11-22T10:00:00Z
      await new EventStore(t.store.engine, () => new Date('2026-11-22T10:00:00Z')).record([
        { type: 'watch-tick', at: '2026-11-20T10:00:00.000Z', details: { old: true } },
        {
          type: 'revoke',
          at: '2026-11-22T08:00:00.000Z',
          digest,
          env: 'prod',
          cause: 'manual',
          details: { reason: 'x' },
        },
        { type: 'cve', at: '2026-11-22T09:00:00.000Z', digest, cause: 'cve', details: { advisory: 'GHSA-1' } },
        { type: 'outbox', at: '2026-11-22T09:30:00.000Z', cause: 'ticket', details: { outcome: 'failed' } },
      ]);
    });
    after(async () => {
      await t?.close();
    });
    const get = async (query: string) => {
      const r = await t.app.inject({ method: 'GET', url: `/v1/events${query}` });
      return { status: r.statusCode, body: r.json() as Record<string, unknown> & { events?: Array<{ type: string }> } };
    };

    test('the last 24 hours by default, newest first; filters by type, digest, since and cause', async () => {
      const all = await get('');
      assert.equal(all.status, 200);
      assert.equal(all.body.since, '2026-11-21T10:00:00.000Z');
      assert.deepEqual(
        all.body.events?.map((e) => e.type),
        ['outbox', 'cve', 'revoke'],
      );
      assert.deepEqual(
        (await get(`?type=revoke,cve&digest=${digest}`)).body.events?.map((e) => e.type),
        ['cve', 'revoke'],
      );
      assert.deepEqual(
        (await get('?since=7d&type=watch-tick')).body.events?.map((e) => e.type),
        ['watch-tick'],
      );
      assert.deepEqual(
        (await get('?cause=ticket')).body.events?.map((e) => e.type),
        ['outbox'],
      );
      const [revoke] = (await get('?type=revoke')).body.events as Array<Record<string, unknown>>;
      assert.deepEqual(revoke, {
        id: revoke?.id,
        type: 'revoke',
        at: '2026-11-22T08:00:00.000Z',
        digest,
        env: 'prod',
        cause: 'manual',
        details: { reason: 'x' },
      });
    });

    test('bad parameters are 400 with the error shape naming the problem', async () => {
      for (const [query, code] of [
        ['?type=bogus', 'EVENT_QUERY_INVALID'],
        ['?since=yesterday', 'EVENT_QUERY_INVALID'],
        ['?limit=5000', 'EVENT_QUERY_INVALID'],
        ['?digest=sha256:1', 'BAD_DIGEST'],
      ] as const) {
        const r = await get(query);
        assert.equal(r.status, 400, query);
        assert.deepEqual(Object.keys(r.body), ['error'], query);
        const error = r.body.error as { code: string; message: string };
        assert.equal(error.code, code, query);
        assert.equal(typeof error.message, 'string');
      }
    });
  });
}

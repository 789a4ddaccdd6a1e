import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cveFiguresOf, WatchFiguresSource } from '../../src/app/watch-figures.js';
import type { Digest } from '../../src/domain/digest.js';
import type { NewEvent } from '../../src/domain/events.js';
import { EventFigures, type CveEventRow } from '../../src/store/event-figures.js';
import { EventStore } from '../../src/store/event-store.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
let id = 0;
const row = (type: string, digest: Digest, env: string, details: Record<string, unknown>): CveEventRow => ({
  id: ++id,
  type,
  digest,
  env,
  details,
});
const cve = (digest: Digest, env: string, advisory: string, pkg: string, latencySeconds?: number) =>
  row('cve', digest, env, {
    action: 'revoke',
    advisory,
    ecosystem: 'npm',
    package: pkg,
    ...(latencySeconds === undefined ? {} : { latencySeconds }),
  });

test('top packages count open findings (digest × advisory) still revoked, whoever reinstated the others', () => {
  const rows = [
    row('revoke', d('a'), 'prod', { advisory: 'GHSA-1' }),
    cve(d('a'), 'prod', 'GHSA-1', 'lodash', 30),
    row('revoke', d('a'), 'staging', { advisory: 'GHSA-1' }), // same finding, second environment: counted once
    cve(d('a'), 'staging', 'GHSA-1', 'lodash', 31),
    row('revoke', d('b'), 'prod', { advisory: 'GHSA-1' }),
    cve(d('b'), 'prod', 'GHSA-1', 'lodash', 40),
    row('revoke', d('c'), 'prod', { advisory: 'GHSA-2' }),
    cve(d('c'), 'prod', 'GHSA-2', 'minimist', 50),
    row('revoke', d('e'), 'prod', { advisory: 'GHSA-3' }),
    cve(d('e'), 'prod', 'GHSA-3', 'axios', 60),
    row('reinstate', d('e'), 'prod', { advisory: 'GHSA-3' }), // waived, or reinstated by hand
  ];
  const f = cveFiguresOf(rows);
  assert.deepEqual(f.latencies, [30, 31, 40, 50, 60]);
  assert.deepEqual(f.topPackages, [
    { ecosystem: 'npm', package: 'lodash', count: 2 },
    { ecosystem: 'npm', package: 'minimist', count: 1 },
  ]);
});

test('at most ten packages: the label set stays bounded', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [
    row('revoke', d('a'), 'prod', { advisory: `GHSA-${i}` }),
    cve(d('a'), 'prod', `GHSA-${i}`, `pkg-${String(i).padStart(2, '0')}`),
  ]).flat();
  assert.equal(cveFiguresOf(rows).topPackages.length, 10);
});

const waiver = {
  id: 'w-1',
  advisory: 'GHSA-w',
  owner: 'team-a',
  reason: 'r',
  created: '2026-11-29T00:00:00.000Z',
  expires: '2026-12-03T00:00:00.000Z',
  source: 'api' as const,
  status: 'active' as const,
};

for (const engine of ENGINES) {
  describe(`watch figures from the store on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let store: ReleaseStore;
    const now = new Date('2026-11-29T12:00:00Z');
    const clock = () => now;
    let events: EventStore;
    let figures: WatchFiguresSource;
    let lastSync: string | undefined;
    let cveReads = 0;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, clock);
      events = new EventStore(store.engine, clock);
      const source = new EventFigures(store.engine);
      const counting = Object.assign(Object.create(source) as EventFigures, {
        cveEventRows: () => {
          cveReads++;
          return source.cveEventRows();
        },
      });
      const outbox = new OutboxStore(store.engine, clock);
      await outbox.enqueue([{ topic: 'ticket', destination: 'https://t.example/h', idempotencyKey: 'k', payload: {} }]);
      figures = new WatchFiguresSource({
        events: counting,
        outbox,
        advisories: { lastSyncedAt: async () => lastSync },
        waivers: { due: async (within) => (within === '7d' ? [waiver] : []) },
        clock,
        shareMs: 0,
      });
    });
    after(async () => {
      await store?.close();
    });

    test('revocations by cause, CVE figures, ticks, outbox and sync age, written by any process', async () => {
      const revoke = (digest: Digest, cause: string, advisory?: string): NewEvent => ({
        type: 'revoke',
        digest,
        env: 'prod',
        cause,
        details: advisory ? { advisory } : {},
      });
      await events.record([
        revoke(d('a'), 'manual'),
        revoke(d('b'), 'lineage'),
        revoke(d('c'), 'cve', 'GHSA-1'),
        {
          type: 'cve',
          digest: d('c'),
          env: 'prod',
          cause: 'cve',
          details: { action: 'revoke', advisory: 'GHSA-1', ecosystem: 'PyPI', package: 'django', latencySeconds: 12.5 },
        },
        {
          type: 'watch-tick',
          at: '2026-11-29T11:00:00.000Z',
          cause: 'cve-watch',
          details: { outcome: 'ok', durationSeconds: 0.4 },
        },
        {
          type: 'watch-tick',
          at: '2026-11-29T11:15:00.000Z',
          cause: 'cve-watch',
          details: { outcome: 'failed', durationSeconds: 0.1, error: 'gone' },
        },
      ]);
      const f = await figures.read();
      assert.deepEqual(
        f.revokedByCause.sort((x, y) => x.cause.localeCompare(y.cause)),
        [
          { cause: 'cve', count: 1 },
          { cause: 'lineage', count: 1 },
          { cause: 'manual', count: 1 },
        ],
      );
      assert.deepEqual(f.cveRevokeLatencies, [12.5]);
      assert.deepEqual(f.topPackages, [{ ecosystem: 'PyPI', package: 'django', count: 1 }]);
      assert.equal(f.outboxPending, 1);
      assert.deepEqual(f.ticks, [
        {
          watcher: 'cve-watch',
          durationSeconds: 0.1,
          outcome: 'failed',
          lastSuccessAt: Date.parse('2026-11-29T11:00:00Z') / 1000,
        },
      ]);
      assert.equal(f.advisorySyncAgeSeconds, undefined, 'never synced');
      assert.deepEqual(f.waiversExpiring, [
        { days: 1, count: 0 },
        { days: 2, count: 0 },
        { days: 7, count: 1 },
      ]);
      lastSync = '2026-11-29T10:00:00.000Z';
      assert.equal((await figures.read()).advisorySyncAgeSeconds, 7200);
    });

    test('the CVE events are replayed only when they changed', async () => {
      const before = cveReads;
      await figures.read();
      assert.equal(cveReads, before, 'unchanged: no replay');
      await events.record([
        { type: 'reinstate', digest: d('c'), env: 'prod', cause: 'cve', details: { advisory: 'GHSA-1' } },
      ]);
      assert.deepEqual((await figures.read()).topPackages, [], 'reinstated: no open finding');
      assert.equal(cveReads, before + 1);
    });
  });
}

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { WatchFigures } from '../../src/app/watch-figures.js';
import { EventStore } from '../../src/store/event-store.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { ServerMetrics } from '../../src/server/metrics.js';
import { ENGINES } from '../support/engines.js';
import { startTestApp, type TestApp } from '../support/http-app.js';
import { requireBinary } from '../support/services.js';
import { repoRoot } from '../support/shared-data.js';

const FIGURES: WatchFigures = {
  revokedByCause: [
    { cause: 'cve', count: 3 },
    { cause: 'manual', count: 1 },
  ],
  cveRevokeLatencies: [4, 40, 400],
  topPackages: [{ ecosystem: 'npm', package: 'lodash', count: 2 }],
  outboxPending: 5,
  ticks: [{ watcher: 'cve-watch', durationSeconds: 0.25, outcome: 'ok', lastSuccessAt: 1_795_000_000 }],
  advisorySyncAgeSeconds: 90,
  waiversExpiring: [
    { days: 1, count: 0 },
    { days: 2, count: 1 },
    { days: 7, count: 3 },
  ],
};

test('the watch figures are exposed under the contract names, one store read per scrape', async () => {
  let reads = 0;
  const m = new ServerMetrics(async () => {
    reads++;
    return FIGURES;
  });
  const text = await m.registry.metrics();
  for (const line of [
    'mc_revoked_digests_total{cause="cve"} 3',
    'mc_revoked_digests_total{cause="manual"} 1',
    'mc_cve_revoke_latency_seconds_bucket{le="5"} 1',
    'mc_cve_revoke_latency_seconds_bucket{le="60"} 2',
    'mc_cve_revoke_latency_seconds_count 3',
    'mc_cve_revoke_latency_seconds_sum 444',
    'mc_cve_top_packages{ecosystem="npm",package="lodash"} 2',
    'mc_outbox_pending 5',
    'mc_watch_tick_seconds{watcher="cve-watch"} 0.25',
    'mc_watch_last_success_timestamp_seconds{watcher="cve-watch"} 1795000000',
    'mc_advisory_sync_age_seconds 90',
    'mc_waivers_expiring{days="2"} 1',
    'mc_waivers_expiring{days="7"} 3',
  ])
    assert.ok(text.includes(`\n${line}\n`), `${line} in\n${text}`);
  assert.ok(reads >= 1);
  // A second scrape re-derives: a counter's value is the store's, never added twice.
  assert.ok((await m.registry.metrics()).includes('\nmc_revoked_digests_total{cause="cve"} 3\n'));
  assert.ok((await m.registry.metrics()).includes('\nmc_cve_revoke_latency_seconds_count 3\n'));
});

test('a store that does not answer leaves the figures as they were; never synced is +Inf', async () => {
  let fail = false;
  const m = new ServerMetrics(async () => {
    if (fail) throw new Error('store down');
    return { ...FIGURES, advisorySyncAgeSeconds: undefined };
  });
  assert.ok((await m.registry.metrics()).includes('\nmc_advisory_sync_age_seconds +Inf\n'));
  fail = true;
  assert.ok((await m.registry.metrics()).includes('\nmc_outbox_pending 5\n'));
});

describe('shipped Prometheus rules and our exposition pass promtool', { skip: requireBinary('promtool').skip }, () => {
  test('promtool check rules and promtool test rules on deploy/prometheus/mc-rules.yaml', () => {
    for (const args of [
      ['check', 'rules', join(repoRoot, 'deploy/prometheus/mc-rules.yaml')],
      ['test', 'rules', join(repoRoot, 'deploy/prometheus/mc-rules.test.yaml')],
    ]) {
      const r = spawnSync('promtool', args, { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    }
  });
  test('promtool check metrics on /metrics with the watch figures', async () => {
    const m = new ServerMetrics(async () => FIGURES);
    const r = spawnSync('promtool', ['check', 'metrics'], { input: await m.registry.metrics(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

for (const engine of ENGINES) {
  describe(`GET /metrics derives the watch figures from the store on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => {
      await t?.close();
    });

    test("another process's events and outbox rows show up at the scrape", async () => {
      const scrape = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      // Written through a store of its own, as `mc watch cve --once` in a cron job would.
      const clock = () => new Date('2026-11-22T10:00:00Z');
      await new EventStore(t.store.engine, clock).record([
        {
          type: 'revoke',
          digest: `sha256:${'1'.repeat(64)}`,
          env: 'prod',
          cause: 'cve',
          details: { advisory: 'GHSA-9' },
        },
        { type: 'watch-tick', cause: 'cve-watch', details: { outcome: 'ok', durationSeconds: 1.5 } },
      ]);
      await new OutboxStore(t.store.engine, clock).enqueue([
        { topic: 'ticket', destination: 'https://t.example/h', idempotencyKey: 'x', payload: {} },
      ]);
      const text = await scrape();
      assert.match(text, /\nmc_outbox_pending 1\n/);
      assert.match(text, /\nmc_revoked_digests_total\{cause="cve"\} 1\n/);
      assert.match(text, /\nmc_watch_tick_seconds\{watcher="cve-watch"\} 1.5\n/);
    });
  });
}

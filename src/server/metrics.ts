import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WatchFigures } from '../app/watch-figures.js';

/** Advisory first seen → revoked: seconds (a push feed) to a day (a daily mirror). */
const LATENCY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400];

/**
 * The service's Prometheus metrics, on a registry of their own (no default process metrics).
 * Request figures are counted in this process; the watch, revocation and outbox figures are
 * read from the store at scrape time (`figures`), so every process's work shows here.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  constructor(figures?: () => Promise<WatchFigures>) {
    if (figures) registerWatchFigures(this.registry, figures);
  }

  readonly verifyRequests = new Counter({
    name: 'mc_verify_requests_total',
    help: 'Verify requests served, by endpoint and HTTP status.',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'mc_decisions_total',
    help: 'Decisions returned, by environment and outcome.',
    labelNames: ['env', 'allow'] as const,
    registers: [this.registry],
  });
  readonly verifyDuration = new Histogram({
    name: 'mc_verify_duration_seconds',
    help: 'Time to answer a verify request, cached or not.',
    labelNames: ['cached'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly evidenceIngested = new Counter({
    name: 'mc_evidence_ingested_total',
    help: 'Evidence documents accepted, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
}

/** The figures derived from the store: each metric reads the scrape's one shared read in its collect(). */
function registerWatchFigures(registry: Registry, figures: () => Promise<WatchFigures>): void {
  const registers = [registry];
  // A store that does not answer leaves the last values in place; /readyz reports the store.
  const read = () => figures().catch(() => undefined);
  const revoked: Counter<'cause'> = new Counter({
    name: 'mc_revoked_digests_total',
    help: 'Revocations that began, by cause (manual, lineage, cve, drift, backfill); one per digest and environment.',
    labelNames: ['cause'] as const,
    registers,
    async collect() {
      const f = await read();
      if (!f) return;
      revoked.reset();
      for (const r of f.revokedByCause) revoked.inc({ cause: r.cause }, r.count);
    },
  });
  const latency: Histogram = new Histogram({
    name: 'mc_cve_revoke_latency_seconds',
    help: 'From an advisory first seen by a sync to an affected digest revoked.',
    buckets: LATENCY_BUCKETS,
    registers,
    async collect() {
      const f = await read();
      if (!f) return;
      latency.reset();
      for (const v of f.cveRevokeLatencies) latency.observe(v);
    },
  });
  const top: Gauge<'ecosystem' | 'package'> = new Gauge({
    name: 'mc_cve_top_packages',
    help: 'Open findings (active CVE revocations per digest and advisory) behind the top 10 packages.',
    labelNames: ['ecosystem', 'package'] as const,
    registers,
    async collect() {
      const f = await read();
      if (!f) return;
      top.reset();
      for (const p of f.topPackages) top.set({ ecosystem: p.ecosystem, package: p.package }, p.count);
    },
  });
  const pending: Gauge = new Gauge({
    name: 'mc_outbox_pending',
    help: 'Outbox messages (tickets, reminders) not delivered yet; retried with backoff, never dropped.',
    registers,
    async collect() {
      const f = await read();
      if (f) pending.set(f.outboxPending);
    },
  });
  const tick: Gauge<'watcher'> = new Gauge({
    name: 'mc_watch_tick_seconds',
    help: "Duration of each watcher's last tick.",
    labelNames: ['watcher'] as const,
    registers,
    async collect() {
      const f = await read();
      if (!f) return;
      tick.reset();
      for (const t of f.ticks) tick.set({ watcher: t.watcher }, t.durationSeconds);
    },
  });
  const lastSuccess: Gauge<'watcher'> = new Gauge({
    name: 'mc_watch_last_success_timestamp_seconds',
    help: "When each watcher's newest successful tick started (Unix time).",
    labelNames: ['watcher'] as const,
    registers,
    async collect() {
      const f = await read();
      if (!f) return;
      lastSuccess.reset();
      for (const t of f.ticks)
        if (t.lastSuccessAt !== undefined) lastSuccess.set({ watcher: t.watcher }, t.lastSuccessAt);
    },
  });
  const syncAge: Gauge = new Gauge({
    name: 'mc_advisory_sync_age_seconds',
    help: 'Seconds since the newest successful advisory sync; +Inf before the first one (never synced is as stale as it gets).',
    registers,
    async collect() {
      const f = await read();
      if (f) syncAge.set(f.advisorySyncAgeSeconds ?? Number.POSITIVE_INFINITY);
    },
  });
  const bypass: Counter<'state'> = new Counter({
    name: 'mc_bypass_events_total',
    help: 'SEV-1 bypass events by state: requested, approved (one per approver), active (quorum complete), reverted (expired).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const f = await read();
      if (!f?.bypassEvents) return;
      bypass.reset();
      for (const b of f.bypassEvents) bypass.inc({ state: b.state }, b.count);
    },
  });
  const expiring: Gauge<'days'> = new Gauge({
    name: 'mc_waivers_expiring',
    help: 'Active waivers (file and API) expiring within the next 1, 2 and 7 days.',
    labelNames: ['days'] as const,
    registers,
    async collect() {
      const f = await read();
      if (!f) return;
      for (const w of f.waiversExpiring) expiring.set({ days: String(w.days) }, w.count);
    },
  });
}

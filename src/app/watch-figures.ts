import type { Clock } from '../domain/clock.js';
import type { OutboxRepository } from '../domain/outbox.js';
import type { CveEventRow, EventFigures } from '../store/event-figures.js';
import type { WaiverService } from './waiver-service.js';

/** What /metrics shows about the watchers, revocations and the outbox, derived from the store at scrape time. */
export interface WatchFigures {
  revokedByCause: Array<{ cause: string; count: number }>;
  /** Advisory first seen → digest revoked, one value per CVE revocation. */
  cveRevokeLatencies: number[];
  /** The packages behind the most active CVE revocations (open findings), most first, at most TOP_PACKAGES. */
  topPackages: Array<{ ecosystem: string; package: string; count: number }>;
  outboxPending: number;
  ticks: Array<{ watcher: string; durationSeconds: number; outcome: string; lastSuccessAt?: number }>;
  /** Seconds since the newest successful advisory sync; undefined when there was none. */
  advisorySyncAgeSeconds?: number;
  /** Active waivers (file and API) expiring within each of WAIVER_EXPIRY_DAYS days; empty when the policy did not load. */
  waiversExpiring: Array<{ days: number; count: number }>;
  /** SEV-1 bypass events by state (requested, approved, active, reverted), from any process. */
  bypassEvents?: Array<{ state: string; count: number }>;
}

/** The windows of `mc_waivers_expiring{days}`: tomorrow, the reminder window, next week. */
export const WAIVER_EXPIRY_DAYS = [1, 2, 7] as const;

export interface WatchFiguresDeps {
  events: EventFigures;
  outbox: Pick<OutboxRepository, 'pending'>;
  advisories: { lastSyncedAt(): Promise<string | undefined> };
  waivers: Pick<WaiverService, 'due'>;
  clock: Clock;
  /** Reads this close together share one result (one scrape). Default 1 s. */
  shareMs?: number;
}

/** Bounded label cardinality: never more series than this for package names. */
export const TOP_PACKAGES = 10;

interface CveFigures {
  latencies: number[];
  topPackages: WatchFigures['topPackages'];
}

/**
 * Reads the figures once per scrape (every metric's collect shares one read) and replays the CVE
 * events only when they changed (their count and largest id), so a scrape costs a few indexed
 * aggregates, not a scan of the history.
 */
export class WatchFiguresSource {
  private cve: { fingerprint: string; figures: CveFigures } | undefined;
  private pending: { at: number; figures: Promise<WatchFigures> } | undefined;

  constructor(private readonly deps: WatchFiguresDeps) {}

  read(): Promise<WatchFigures> {
    const t = performance.now();
    if (this.pending && t - this.pending.at < (this.deps.shareMs ?? 1000)) return this.pending.figures;
    const figures = this.readNow();
    this.pending = { at: t, figures };
    figures.catch(() => {
      if (this.pending?.figures === figures) this.pending = undefined;
    });
    return figures;
  }

  private async readNow(): Promise<WatchFigures> {
    const { events, outbox, advisories, waivers, clock } = this.deps;
    const [revokedByCause, cve, outboxPending, ticks, lastSync, expiring, bypassEvents] = await Promise.all([
      events.revokedByCause(),
      this.cveFigures(),
      outbox.pending(),
      events.lastTicks(),
      advisories.lastSyncedAt(),
      // A policy that does not load (waivers.yaml mid-edit) must not blank every other figure.
      Promise.all(
        WAIVER_EXPIRY_DAYS.map(async (days) => ({ days, count: (await waivers.due(`${days}d`)).length })),
      ).catch(() => []),
      events.bypassByState(),
    ]);
    const now = clock().getTime();
    return {
      revokedByCause,
      cveRevokeLatencies: cve.latencies,
      topPackages: cve.topPackages,
      outboxPending,
      ticks: ticks.map((t) => ({
        watcher: t.watcher,
        durationSeconds: Number(t.details.durationSeconds ?? 0),
        outcome: String(t.details.outcome ?? 'unknown'),
        ...(t.lastSuccessAt ? { lastSuccessAt: Date.parse(t.lastSuccessAt) / 1000 } : {}),
      })),
      ...(lastSync ? { advisorySyncAgeSeconds: Math.max(0, (now - Date.parse(lastSync)) / 1000) } : {}),
      waiversExpiring: expiring,
      bypassEvents,
    };
  }

  private async cveFigures(): Promise<CveFigures> {
    const fingerprint = await this.deps.events.cveFingerprint();
    if (this.cve?.fingerprint !== fingerprint)
      this.cve = { fingerprint, figures: cveFiguresOf(await this.deps.events.cveEventRows()) };
    return this.cve.figures;
  }
}

/**
 * Pure: replays CVE events in order. A `revoke`/`reinstate` event with cause `cve` opens or closes
 * the revocation of (digest, env, advisory) — whoever ended it, the watch or a person; the watch's
 * own `cve` events say which package it was and how long it took from advisory to revocation.
 */
export function cveFiguresOf(rows: readonly CveEventRow[]): CveFigures {
  const latencies: number[] = [];
  const packageOf = new Map<string, { ecosystem: string; package: string }>();
  const open = new Set<string>();
  for (const r of rows) {
    const advisory = typeof r.details.advisory === 'string' ? r.details.advisory : '';
    const key = `${r.digest}\u0000${r.env ?? ''}\u0000${advisory}`;
    if (r.type === 'cve') {
      const latency = r.details.latencySeconds;
      if (r.details.action === 'revoke' && typeof latency === 'number' && Number.isFinite(latency))
        latencies.push(latency);
      const { ecosystem, package: name } = r.details;
      if (typeof ecosystem === 'string' && typeof name === 'string') packageOf.set(key, { ecosystem, package: name });
    } else if (r.type === 'revoke') open.add(key);
    else open.delete(key);
  }
  const counts = new Map<string, { ecosystem: string; package: string; findings: Set<string> }>();
  for (const key of open) {
    const p = packageOf.get(key);
    if (!p) continue;
    const id = `${p.ecosystem}\u0000${p.package}`;
    const entry = counts.get(id) ?? { ...p, findings: new Set<string>() };
    // One open finding per (digest, advisory): the same finding revoked in two environments counts once.
    entry.findings.add(key.slice(0, key.indexOf('\u0000')) + key.slice(key.lastIndexOf('\u0000')));
    counts.set(id, entry);
  }
  const topPackages = [...counts.values()]
    .map((c) => ({ ecosystem: c.ecosystem, package: c.package, count: c.findings.size }))
    .sort((a, b) => b.count - a.count || a.ecosystem.localeCompare(b.ecosystem) || a.package.localeCompare(b.package))
    .slice(0, TOP_PACKAGES);
  return { latencies, topPackages };
}

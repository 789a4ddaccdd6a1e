import type { Clock } from '../domain/clock.js';
import type { EventRepository } from '../domain/events.js';
import type { LeaseRepository } from '../domain/lease.js';

/** What a tick is handed: the fencing token of its lease, and a signal raised when the lease is lost. */
export interface JobContext {
  holder: string;
  token: number;
  signal: AbortSignal;
}

export interface JobSpec<T> {
  /** The lease name and the `watcher` of its figures: `cve-watch`, `outbox`, `waiver-reminders`. */
  name: string;
  /** At most one tick per interval across every replica. */
  intervalMs: number;
  /** A holder that stops renewing (paused, killed) keeps the lease this long. Default 30 s. */
  leaseTtlMs?: number;
  run(ctx: JobContext): Promise<T>;
  /** Details of the `watch-tick` event (counts, what changed). */
  describe?(result: T): Record<string, unknown>;
  /** A tick that found nothing to do records no event (the outbox polls every few seconds). */
  quiet?(result: T): boolean;
}

export interface JobDeps {
  leases: LeaseRepository;
  events: EventRepository;
  clock: Clock;
  /** This replica's name in the lease row (host:pid:random). */
  holder: string;
  /** Every tick and every failure, for the process log; never throws into the job. */
  onReport?: (report: TickReport<unknown>) => void;
}

export interface TickReport<T> {
  job: string;
  outcome: 'ok' | 'failed' | 'skipped';
  /** Why nothing ran: another replica holds the lease, or the last tick is younger than the interval. */
  skipped?: 'lease-held' | 'not-due' | 'running';
  /** The replica that holds the lease when it was not us. */
  heldBy?: string;
  startedAt?: string;
  durationSeconds?: number;
  result?: T;
  error?: string;
}

const DEFAULT_TTL_MS = 30_000;

/**
 * Runs a named job every interval on one replica at a time. Every replica beats (acquire or
 * renew the lease) every third of the lease period; the holder ticks when the last tick — its own,
 * or a previous holder's `watch-tick` event — is an interval old. A tick that throws is reported
 * and recorded, never thrown into the process. A holder that loses the lease mid-tick sees its
 * signal aborted; the next holder ticks at once when the killed tick recorded nothing.
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | undefined;
  private token: number | undefined;
  private lastStart: number | undefined;
  private running: Promise<TickReport<T>> | undefined;
  private controller: AbortController | undefined;
  private beating: Promise<{ tick?: Promise<TickReport<T>> }> | undefined;
  private stopped = false;
  readonly leaseTtlMs: number;

  constructor(
    readonly spec: JobSpec<T>,
    private readonly deps: JobDeps,
  ) {
    this.leaseTtlMs = spec.leaseTtlMs ?? DEFAULT_TTL_MS;
  }

  get heartbeatMs(): number {
    return Math.max(10, Math.min(this.spec.intervalMs, Math.floor(this.leaseTtlMs / 3)));
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
    this.timer.unref();
    void this.beat();
  }

  /** Stops beating, aborts a running tick, waits for it, and gives the lease up for the next replica. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.controller?.abort(new Error('stopping'));
    await this.beating?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    if (this.token !== undefined) await this.deps.leases.release(this.spec.name, this.deps.holder).catch(() => {});
    this.token = undefined;
  }

  /**
   * One heartbeat: renew or take the lease; tick when due. Resolves with the tick's report when
   * this beat started one (undefined otherwise). Lease look-ups never overlap; a running tick does
   * not hold them up, so the lease is renewed while it runs.
   */
  async beat(): Promise<TickReport<T> | undefined> {
    if (this.beating) return undefined;
    this.beating = this.leaseAndMaybeTick();
    let started: { tick?: Promise<TickReport<T>> };
    try {
      started = await this.beating;
    } finally {
      this.beating = undefined;
    }
    return started.tick;
  }

  /**
   * One tick now, under the lease (`mc watch … --once`, cron jobs): skipped when another replica
   * holds it. The lease is renewed while the tick runs (a lost lease aborts its signal) and given
   * up afterwards unless this job was already holding it.
   */
  async runOnce(): Promise<TickReport<T>> {
    const { name } = this.spec;
    const held = this.token !== undefined;
    const lease = await this.deps.leases.acquire(name, this.deps.holder, this.deps.clock(), this.leaseTtlMs);
    if (!lease) return this.skip('lease-held', (await this.deps.leases.get(name))?.holder);
    if (this.running) return this.skip('running');
    const running = this.tick(lease.token);
    const controller = this.controller;
    const renewal = held
      ? undefined
      : setInterval(() => {
          void this.deps.leases
            .acquire(name, this.deps.holder, this.deps.clock(), this.leaseTtlMs)
            .then((l) => {
              if (!l) controller?.abort(new Error(`lease ${name} lost`));
            })
            .catch(() => {}); // a failed renewal is retried; the lease still runs out after its period
        }, this.heartbeatMs);
    try {
      return await running;
    } finally {
      if (renewal) clearInterval(renewal);
      if (!held) await this.deps.leases.release(name, this.deps.holder).catch(() => {});
    }
  }

  /** The tick is wrapped: an async function returning a bare promise would wait for it. */
  private async leaseAndMaybeTick(): Promise<{ tick?: Promise<TickReport<T>> }> {
    const { name } = this.spec;
    let lease: Awaited<ReturnType<LeaseRepository['acquire']>>;
    try {
      lease = await this.deps.leases.acquire(name, this.deps.holder, this.deps.clock(), this.leaseTtlMs);
    } catch (e) {
      this.report({ job: name, outcome: 'failed', error: `lease: ${(e as Error).message}` });
      return {};
    }
    if (!lease) {
      if (this.token !== undefined) this.controller?.abort(new Error(`lease ${name} lost`));
      this.token = undefined;
      return {};
    }
    if (lease.token !== this.token) {
      this.token = lease.token;
      this.lastStart = await this.lastRecordedStart();
      await this.deps.events
        .record([{ type: 'lease', cause: name, details: { holder: this.deps.holder, token: lease.token } }])
        .catch(() => {});
    }
    if (this.running || this.stopped) return {};
    const now = this.deps.clock().getTime();
    if (this.lastStart !== undefined && now - this.lastStart < this.spec.intervalMs) return {};
    return { tick: this.tick(lease.token) };
  }

  /** The newest tick any holder recorded: a takeover does not tick again inside the interval. */
  private async lastRecordedStart(): Promise<number | undefined> {
    const [last] = await this.deps.events
      .list({ types: ['watch-tick'], cause: this.spec.name, limit: 1 })
      .catch(() => [] as const);
    return last ? Date.parse(last.at) : undefined;
  }

  private tick(token: number): Promise<TickReport<T>> {
    const started = this.deps.clock();
    this.lastStart = started.getTime();
    const controller = new AbortController();
    this.controller = controller;
    const t0 = performance.now();
    const ctx: JobContext = { holder: this.deps.holder, token, signal: controller.signal };
    this.running = (async (): Promise<TickReport<T>> => {
      let report: TickReport<T>;
      try {
        const result = await this.spec.run(ctx);
        report = { job: this.spec.name, outcome: 'ok', result, ...timing(started, t0) };
      } catch (e) {
        report = {
          job: this.spec.name,
          outcome: 'failed',
          error: (e as Error)?.message ?? String(e),
          ...timing(started, t0),
        };
      }
      await this.recordTick(report, controller.signal.aborted);
      return this.report(report);
    })().finally(() => {
      this.running = undefined;
      this.controller = undefined;
    });
    return this.running;
  }

  private async recordTick(report: TickReport<T>, leaseLost: boolean): Promise<void> {
    const { describe, quiet } = this.spec;
    if (report.outcome === 'ok' && report.result !== undefined && quiet?.(report.result)) return;
    const details: Record<string, unknown> = {
      outcome: report.outcome,
      durationSeconds: report.durationSeconds,
      holder: this.deps.holder,
      ...(report.error !== undefined ? { error: report.error } : {}),
      ...(leaseLost ? { leaseLost: true } : {}),
      ...(report.outcome === 'ok' && describe && report.result !== undefined ? describe(report.result) : {}),
    };
    const event = { type: 'watch-tick' as const, at: report.startedAt, cause: this.spec.name, details };
    await this.deps.events.record([event]).catch((e: unknown) => {
      this.report({ job: this.spec.name, outcome: 'failed', error: `recording the tick: ${(e as Error).message}` });
    });
  }

  private skip(skipped: TickReport<T>['skipped'], heldBy?: string): TickReport<T> {
    return this.report({ job: this.spec.name, outcome: 'skipped', skipped, ...(heldBy ? { heldBy } : {}) });
  }

  private report<R extends TickReport<T>>(r: R): R {
    try {
      this.deps.onReport?.(r as TickReport<unknown>);
    } catch {
      // a reporter's bug must not stop the job
    }
    return r;
  }
}

function timing(started: Date, t0: number): { startedAt: string; durationSeconds: number } {
  return { startedAt: started.toISOString(), durationSeconds: (performance.now() - t0) / 1000 };
}

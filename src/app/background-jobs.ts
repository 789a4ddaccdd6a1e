import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Installation } from './installation.js';
import { OutboxDispatcher, type DispatcherOptions } from './outbox-dispatcher.js';
import { PeriodicJob, type JobSpec, type TickReport } from './periodic-job.js';
import { WaiverReminders } from './waiver-reminders.js';

/** The periodic jobs of one `mc serve` process, each under its own lease. */
export interface BackgroundJobs {
  /** This replica's name in lease rows and tick events. */
  readonly holder: string;
  readonly jobs: ReadonlyArray<PeriodicJob<unknown>>;
  add<T>(spec: JobSpec<T>): PeriodicJob<T>;
  start(): void;
  /** Stops every job and gives its lease up, so another replica takes over at once. */
  stop(): Promise<void>;
}

/** `config.leaseTtlMs` (MC_LEASE_TTL_MS) is the lease period of every job that names none, in mc serve and mc watch alike. */
export type JobParts = Pick<Installation, 'leases' | 'events' | 'clock'> & {
  config: Pick<Installation['config'], 'leaseTtlMs'>;
};

/** A replica name: unique per process, readable in `mc events` (which host, which pid). */
export function replicaHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function backgroundJobs(
  parts: JobParts,
  onReport?: (r: TickReport<unknown>) => void,
  holder = replicaHolder(),
): BackgroundJobs {
  const { leaseTtlMs } = parts.config;
  const jobs: Array<PeriodicJob<unknown>> = [];
  let started = false;
  return {
    holder,
    jobs,
    add<T>(spec: JobSpec<T>) {
      const withTtl = leaseTtlMs !== undefined && spec.leaseTtlMs === undefined ? { ...spec, leaseTtlMs } : spec;
      const job = new PeriodicJob(withTtl, {
        leases: parts.leases,
        events: parts.events,
        clock: parts.clock,
        holder,
        onReport,
      });
      jobs.push(job as PeriodicJob<unknown>);
      if (started) job.start();
      return job;
    },
    start() {
      started = true;
      for (const j of jobs) j.start();
    },
    async stop() {
      started = false;
      await Promise.all(jobs.map((j) => j.stop()));
    },
  };
}

export interface ServeJobOptions {
  /** How often the outbox is polled for due messages. Default 2 s. */
  outboxIntervalMs?: number;
  /** How often waivers are checked for reminders. Default 1 h. */
  reminderIntervalMs?: number;
  /** How often open bypasses are checked for expiry. Default 1 min. */
  bypassExpiryIntervalMs?: number;
  dispatcher?: DispatcherOptions;
}

/**
 * What `mc serve` runs besides the API: the outbox dispatcher (always: messages may be waiting
 * from any process) and the waiver reminders (when MC_REMINDER_WEBHOOK_URL is set). Watchers
 * (the CVE watch) are added here, each its own job under its own lease.
 */
export function serveJobs(
  installation: Installation,
  onReport?: (r: TickReport<unknown>) => void,
  options: ServeJobOptions = {},
): BackgroundJobs {
  const jobs = backgroundJobs(installation, onReport);
  const { outbox, events, clock, config } = installation;
  jobs.add(new OutboxDispatcher(outbox, events, clock, options.dispatcher).job(options.outboxIntervalMs ?? 2_000));
  if (config.reminderWebhookUrl)
    jobs.add(
      new WaiverReminders(installation.waivers, outbox, events, clock, config.reminderWebhookUrl).job(
        options.reminderIntervalMs ?? 3_600_000,
      ),
    );
  // Always: a bypass opened by any process reverts after its 4 h (the gates stop honouring it at
  // once on their own; this records the revert and invalidates the caches).
  jobs.add(installation.approvals.bypass.job(options.bypassExpiryIntervalMs ?? 60_000));
  jobs.add(installation.approvals.approvals.job(options.bypassExpiryIntervalMs ?? 60_000));
  if (config.cveWatch.sources.length > 0)
    jobs.add(installation.cveWatch.job(config.cveWatch.sources, config.cveWatch.intervalMs));
  return jobs;
}

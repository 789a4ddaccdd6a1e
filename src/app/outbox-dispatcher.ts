import type { Clock } from '../domain/clock.js';
import { isDigest, type Digest } from '../domain/digest.js';
import type { EventRepository, NewEvent } from '../domain/events.js';
import type { OutboxMessage, OutboxRepository } from '../domain/outbox.js';
import type { JobSpec } from './periodic-job.js';

export interface DispatcherOptions {
  /** One POST may take this long before it counts as failed. Default 10 s. */
  timeoutMs?: number;
  /** Delay after the first failure; doubled each attempt, capped by maxDelayMs. Default 5 s. */
  baseDelayMs?: number;
  /** Default 1 h: an unreachable webhook is retried hourly, forever. */
  maxDelayMs?: number;
  /** Messages per round. Default 50. */
  batch?: number;
  /** [0, 1): the jitter's source (tests pin it). */
  random?: () => number;
  /** The HTTP client (tests may wrap it). */
  fetch?: typeof fetch;
}

export interface DeliveryRound {
  attempted: number;
  delivered: number;
  failed: number;
}

/**
 * Delay before attempt `attempts + 1`: exponential (base × 2^(attempts−1), capped), with "equal
 * jitter" — half fixed, half random — so replicas and messages that failed together spread out.
 */
export function backoffMs(attempts: number, random: () => number, baseMs = 5_000, maxMs = 3_600_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/**
 * Delivers outbox messages at least once: POST of the JSON payload with an Idempotency-Key
 * header, a bounded timeout, no redirects followed; 2xx is delivered, anything else (a status,
 * a timeout, a refused connection) is a failed attempt retried with backoff — a message is
 * never dropped. Every attempt is an `outbox` event, so `mc events` shows what happened.
 */
export class OutboxDispatcher {
  private readonly options: Required<DispatcherOptions>;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly events: EventRepository,
    private readonly clock: Clock,
    options: DispatcherOptions = {},
  ) {
    this.options = {
      timeoutMs: options.timeoutMs ?? 10_000,
      baseDelayMs: options.baseDelayMs ?? 5_000,
      maxDelayMs: options.maxDelayMs ?? 3_600_000,
      batch: options.batch ?? 50,
      random: options.random ?? Math.random,
      fetch: options.fetch ?? fetch,
    };
  }

  /** One round: every message due now, oldest first. */
  async deliverDue(signal?: AbortSignal): Promise<DeliveryRound> {
    const round: DeliveryRound = { attempted: 0, delivered: 0, failed: 0 };
    for (const message of await this.outbox.due(this.clock(), this.options.batch)) {
      if (signal?.aborted) break; // another replica holds the lease now: it delivers the rest
      round.attempted++;
      if (await this.deliver(message)) round.delivered++;
      else round.failed++;
    }
    return round;
  }

  /** As a periodic job under the `outbox` lease; rounds with nothing due record no tick. */
  job(intervalMs: number): JobSpec<DeliveryRound> {
    return {
      name: 'outbox',
      intervalMs,
      run: ({ signal }) => this.deliverDue(signal),
      describe: (r) => ({ ...r }),
      quiet: (r) => r.attempted === 0,
    };
  }

  private async deliver(m: OutboxMessage): Promise<boolean> {
    const attempt = m.attempts + 1;
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await this.options.fetch(m.destination, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': m.idempotencyKey, 'user-agent': 'mc' },
        body: JSON.stringify(m.payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      error = describeFailure(e, this.options.timeoutMs);
    }
    const at = this.clock();
    const base: NewEvent = {
      type: 'outbox',
      at: at.toISOString(),
      cause: m.topic,
      ...digestOf(m),
      details: { id: m.id, idempotencyKey: m.idempotencyKey, destination: hostOf(m.destination), attempt },
    };
    if (error === undefined) {
      await this.outbox.markDelivered(m.id, at, status!);
      await this.record({ ...base, details: { ...base.details, outcome: 'delivered', status } });
      return true;
    }
    const next = new Date(
      at.getTime() + backoffMs(attempt, this.options.random, this.options.baseDelayMs, this.options.maxDelayMs),
    );
    await this.outbox.markFailed(m.id, at, error, next, status);
    await this.record({
      ...base,
      details: {
        ...base.details,
        outcome: 'failed',
        error,
        ...(status ? { status } : {}),
        nextAttemptAt: next.toISOString(),
      },
    });
    return false;
  }

  private async record(event: NewEvent): Promise<void> {
    // The attempt's outcome is in the outbox row already; a lost event must not fail the round.
    await this.events.record([event]).catch(() => {});
  }
}

function digestOf(m: OutboxMessage): { digest?: Digest } {
  const d = m.payload.digest;
  return isDigest(d) ? { digest: d } : {};
}

/** Scheme, host and port only: a webhook path may carry a token. */
function hostOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}

function describeFailure(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code;
  return code ? `${code}: ${err.cause?.message ?? err.message}` : (err?.message ?? String(e));
}

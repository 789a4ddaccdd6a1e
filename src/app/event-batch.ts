import type { EventRepository, NewEvent } from '../domain/events.js';

interface Waiting {
  events: readonly NewEvent[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for events recorded on a hot path (an admission decision per Pod): callers that
 * record while a write is under way are written together in the next transaction, and each
 * caller's promise settles when its own events are stored or their transaction failed. Nothing
 * is acknowledged before it is written; what changes is one transaction per burst instead of one
 * per request, which is most of a cached admission review's cost on SQLite.
 */
export class EventBatch implements Pick<EventRepository, 'record'> {
  private waiting: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly target: Pick<EventRepository, 'record'>,
    /** Events per transaction at most; a burst beyond it is written in several. */
    private readonly maxEvents = 1000,
  ) {}

  record(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Let the requests already in this turn of the event loop join the first transaction.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      const batch = this.take();
      try {
        await this.target.record(batch.flatMap((w) => w.events));
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.running = undefined;
  }

  private take(): Waiting[] {
    let n = 0;
    let count = 0;
    while (n < this.waiting.length && (n === 0 || count + this.waiting[n]!.events.length <= this.maxEvents)) {
      count += this.waiting[n]!.events.length;
      n++;
    }
    return this.waiting.splice(0, n);
  }
}

import type { Clock } from '../domain/clock.js';
import type { EventRepository } from '../domain/events.js';
import type { NewOutboxMessage, OutboxRepository } from '../domain/outbox.js';
import { isDigest } from '../domain/digest.js';
import { shellQuote } from './revocation-tickets.js';
import type { JobSpec } from './periodic-job.js';
import type { WaiverService, WaiverView } from './waiver-service.js';

export const REMINDER_TOPIC = 'reminder';

export interface ReminderRound {
  /** Active waivers expiring within the window. */
  due: number;
  /** Reminders enqueued by this round (one per waiver and expiry, ever). */
  enqueued: number;
}

/**
 * One reminder per waiver and expiry, to its owner: the idempotency key is the waiver id and its
 * expiry, so every round (and every replica) may enqueue it again without a second message, and a
 * renewed waiver (a new expiry) is reminded again.
 */
export function reminderMessages(due: readonly WaiverView[], destination: string, now: Date): NewOutboxMessage[] {
  return due.map((w) => ({
    topic: REMINDER_TOPIC,
    destination,
    idempotencyKey: `reminder:${w.id}:${w.expires}`,
    payload: {
      kind: 'waiver-reminder',
      owner: w.owner,
      waiver: {
        id: w.id,
        ...(w.advisory !== undefined ? { advisory: w.advisory } : {}),
        ...(w.digest !== undefined ? { digest: w.digest } : {}),
        ...(w.purl !== undefined ? { purl: w.purl } : {}),
        reason: w.reason,
        created: w.created,
        expires: w.expires,
        source: w.source,
      },
      expiresInHours: Math.max(0, Math.round((Date.parse(w.expires) - now.getTime()) / 360_000) / 10),
      renewCommand: renewCommand(w),
    },
  }));
}

/** The same selector and owner, a fresh TTL: what renewing means (the old waiver expires on its own). */
function renewCommand(w: WaiverView): string {
  return [
    'mc waivers add',
    ...(w.advisory !== undefined ? [`--advisory ${shellQuote(w.advisory)}`] : []),
    ...(w.digest !== undefined ? [`--digest ${shellQuote(w.digest)}`] : []),
    ...(w.purl !== undefined ? [`--purl ${shellQuote(w.purl)}`] : []),
    `--owner ${shellQuote(w.owner)}`,
    `--reason ${shellQuote(w.reason)}`,
    '--ttl 7d',
  ].join(' ');
}

/**
 * Waivers expiring within gates.yaml `waivers.remind_before` (48 h by default) become reminders
 * to their owners through the outbox (MC_REMINDER_WEBHOOK_URL); each new one is a `reminder` event.
 */
export class WaiverReminders {
  constructor(
    private readonly waivers: Pick<WaiverService, 'due' | 'remindBefore'>,
    private readonly outbox: Pick<OutboxRepository, 'enqueue'>,
    private readonly events: EventRepository,
    private readonly clock: Clock,
    private readonly destination: string,
  ) {}

  async run(): Promise<ReminderRound> {
    const due = await this.waivers.due(this.waivers.remindBefore());
    const now = this.clock();
    const messages = reminderMessages(due, this.destination, now);
    const added = new Set(await this.outbox.enqueue(messages));
    const byKey = new Map(messages.map((m, i) => [m.idempotencyKey, due[i]!]));
    await this.events.record(
      [...added].map((key) => {
        const w = byKey.get(key)!;
        return {
          type: 'reminder' as const,
          cause: 'waiver-expiry',
          ...(isDigest(w.digest) ? { digest: w.digest } : {}),
          details: {
            waiver: w.id,
            owner: w.owner,
            expires: w.expires,
            ...(w.advisory ? { advisory: w.advisory } : {}),
          },
        };
      }),
    );
    return { due: due.length, enqueued: added.size };
  }

  job(intervalMs: number): JobSpec<ReminderRound> {
    return {
      name: 'waiver-reminders',
      intervalMs,
      run: () => this.run(),
      describe: (r) => ({ ...r }),
      quiet: (r) => r.enqueued === 0,
    };
  }
}

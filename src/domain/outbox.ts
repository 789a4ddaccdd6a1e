/**
 * Side effects that leave the process (ticket and reminder webhooks, later Kubernetes actions
 * and pages) are rows of one outbox table, written in the same transaction as the state change
 * that causes them and delivered at least once, each with its idempotency key.
 */
export interface NewOutboxMessage {
  /** What it is: `ticket`, `reminder`, … (a metric label: bounded). */
  topic: string;
  /** Where it goes: an http(s) URL, validated when configured. */
  destination: string;
  /** Sent as the `Idempotency-Key` header; a second enqueue with the same key is ignored. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: number;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  deliveredAt?: string;
  lastError?: string;
  lastStatus?: number;
}

export interface OutboxRepository {
  /** In a transaction of its own; duplicates (same idempotency key) are ignored. Returns the keys newly enqueued. */
  enqueue(messages: readonly NewOutboxMessage[]): Promise<string[]>;
  /** Undelivered messages whose next attempt is due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  markDelivered(id: number, at: Date, status: number): Promise<void>;
  /** Records a failed attempt and when to try again; a message is never dropped. */
  markFailed(id: number, at: Date, error: string, nextAttemptAt: Date, status?: number): Promise<void>;
  /** Undelivered messages, for `mc_outbox_pending`. */
  pending(): Promise<number>;
}

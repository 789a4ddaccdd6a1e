import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { NewEvent } from './events.js';
import type { NewOutboxMessage } from './outbox.js';

/**
 * What a state change writes beside itself, in its own transaction: the ledger entries that
 * prove it, the events that explain it and the outbox messages it causes. All commit or none.
 */
export interface StateEffects {
  ledger?: LedgerEntry[];
  events?: NewEvent[];
  outbox?: NewOutboxMessage[];
}

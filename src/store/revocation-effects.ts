import type { NewEvent } from '../domain/events.js';
import type { RevocationChange } from '../domain/revocation.js';
import type { StateEffects } from '../domain/state-effects.js';
import { ledgerEntryForRevocation } from './ledger-entries.js';

/** A change as the store made it: who made it and the free text of the act. */
export interface RecordedChange {
  change: RevocationChange;
  actor: string;
  /** The revocation's reason, or the reason given for reinstating it. */
  note: string;
}

/**
 * What every revocation change writes beside itself: its ledger entry (no state without its
 * proof) and a `revoke`/`reinstate` event naming the cause and the chain that explains it. The
 * caller's own effects follow; their events' `ledgerRef`s are shifted past the store's entries.
 */
export function revocationEffects(
  records: readonly RecordedChange[],
  at: string,
  extra: StateEffects = {},
): StateEffects {
  const ledger = records.map((c) => ledgerEntryForRevocation(c.change, c.actor, c.note, at));
  const events: NewEvent[] = records.map(({ change, actor, note }, i) => {
    const r = change.revocation;
    return {
      type: change.action,
      digest: r.digest,
      ...(r.env ? { env: r.env } : {}),
      cause: r.cause,
      details: {
        chain: r.chain,
        reason: r.reason,
        actor,
        ...(change.action === 'reinstate' ? { reinstateReason: note } : {}),
        ...(r.advisory ? { advisory: r.advisory } : {}),
        ...(r.rootCause ? { rootCause: r.rootCause } : {}),
      },
      ledgerRef: i,
    };
  });
  const shifted = (extra.events ?? []).map((e) =>
    e.ledgerRef === undefined ? e : { ...e, ledgerRef: e.ledgerRef + ledger.length },
  );
  return {
    ledger: [...ledger, ...(extra.ledger ?? [])],
    events: [...events, ...shifted],
    ...(extra.outbox?.length ? { outbox: extra.outbox } : {}),
  };
}

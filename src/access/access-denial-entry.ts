import { isDigest } from '../domain/digest.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { AccessDecision } from './evaluate-access.js';

/**
 * The ledger entry of a refused write: who (the principal's label, as actor), which action,
 * why (the code and the deny rule, if one decided), on what, by which route. Reads are not
 * recorded: anyone may ask, and the ledger must not grow with their questions.
 */
export function ledgerEntryForAccessDenial(
  decision: AccessDecision,
  code: string,
  at: string,
  route?: string,
): LedgerEntry {
  const { env, digest } = decision.resource;
  return {
    v: 1,
    type: 'access',
    at,
    actor: decision.subject.label,
    payload: {
      action: decision.action,
      outcome: 'deny',
      code,
      ...(decision.rule ? { rule: decision.rule } : {}),
      ...(env !== undefined ? { env } : {}),
      // The digest comes from the request (attacker-controlled): recorded only when it is one.
      ...(isDigest(digest) ? { digest } : {}),
      ...(route ? { route: route.slice(0, 512) } : {}),
    },
  };
}

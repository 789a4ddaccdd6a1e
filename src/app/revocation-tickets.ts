import { createHash } from 'node:crypto';
import type { Digest } from '../domain/digest.js';
import type { NewOutboxMessage } from '../domain/outbox.js';
import type { Revocation, RevocationChange } from '../domain/revocation.js';

/** What the caller knows beyond the changes, read before its transaction (names, severities, owners). */
export interface TicketContext {
  /** Image names of a digest (`registry/repo`), as ingested. */
  names?: (digest: Digest) => readonly string[];
  /** Severity of an advisory (`CRITICAL`, `HIGH`, …) as the gate judged it. */
  severity?: (advisory: string) => string | undefined;
  /** Who should act: teams or people, when the caller knows them. */
  owners?: (digest: Digest) => readonly string[];
  /** Whether the digest was allowed in that environment before (those come first: they may be deployed). */
  allowedBefore?: (digest: Digest, env: string | undefined) => boolean;
}

/** Builds the outbox messages of new revocations; the revocation service writes them in its transaction. */
export type TicketsFor = (changes: readonly RevocationChange[], context?: TicketContext) => NewOutboxMessage[];

export const TICKET_TOPIC = 'ticket';
/** The TTL the prefilled waiver command proposes; gates.yaml waivers.max_ttl still caps it. */
const PROPOSED_WAIVER_TTL = '7d';

/** No webhook configured: no tickets (the events still say what happened). */
export const noTickets: TicketsFor = () => [];

/**
 * One ticket per newly revoked digest (its environments together), JSON for any webhook: the
 * digest, its names, the environments, cause and advisory, severity, owners, the chain that
 * explains a propagated revocation, and a prefilled `mc waivers add …` for an advisory. The
 * idempotency key is derived from digest, environments, cause, advisory and revocation time,
 * so a retried transaction or a second replica enqueues the same ticket once.
 */
export function revocationTickets(destination: string | undefined): TicketsFor {
  if (!destination) return noTickets;
  return (changes, context = {}) => {
    const groups = new Map<string, Revocation[]>();
    for (const c of changes) {
      if (c.action !== 'revoke') continue;
      const r = c.revocation;
      const key = [r.digest, r.cause, r.advisory ?? '', r.createdAt].join('\u0000');
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
    const tickets = [...groups.values()].map((rows) => ticket(destination, rows, context));
    const first = (t: { allowedBefore: boolean }) => (t.allowedBefore ? 0 : 1);
    return tickets.sort((a, b) => first(a) - first(b)).map((t) => t.message);
  };
}

function ticket(
  destination: string,
  rows: readonly Revocation[],
  context: TicketContext,
): { allowedBefore: boolean; message: NewOutboxMessage } {
  const r = rows[0]!;
  const allEnvironments = rows.some((x) => x.env === undefined);
  const environments = allEnvironments ? [] : [...new Set(rows.map((x) => x.env!))].sort();
  const owners = [...(context.owners?.(r.digest) ?? [])];
  const severity = r.advisory ? context.severity?.(r.advisory) : undefined;
  const allowedBefore = rows.some((x) => context.allowedBefore?.(x.digest, x.env) ?? false);
  const payload: Record<string, unknown> = {
    kind: 'revocation',
    digest: r.digest,
    names: [...(context.names?.(r.digest) ?? [])],
    environments,
    allEnvironments,
    cause: r.cause,
    ...(r.advisory ? { advisory: r.advisory } : {}),
    ...(severity ? { severity } : {}),
    owners,
    reason: r.reason,
    chain: r.chain,
    revokedAt: r.createdAt,
    allowedBefore,
    lineageCommand: `mc lineage ${r.digest}`,
    ...(r.advisory ? { waiverCommand: waiverCommand(r.advisory, r.digest, owners[0]) } : {}),
  };
  const material = [r.digest, allEnvironments ? '*' : environments.join(','), r.cause, r.advisory ?? '', r.createdAt];
  const idempotencyKey = `ticket:${createHash('sha256').update(material.join('\u0000')).digest('hex').slice(0, 40)}`;
  return { allowedBefore, message: { topic: TICKET_TOPIC, destination, idempotencyKey, payload } };
}

/** A command the owner can paste once the risk is accepted: the watch reinstates the digest on its next tick. */
export function waiverCommand(advisory: string, digest: Digest, owner: string | undefined): string {
  return [
    'mc waivers add',
    `--advisory ${shellQuote(advisory)}`,
    `--digest ${digest}`,
    `--owner ${shellQuote(owner ?? '<team>')}`,
    `--reason ${shellQuote('<why the risk is acceptable until the fix ships>')}`,
    `--ttl ${PROPOSED_WAIVER_TTL}`,
  ].join(' ');
}

/** POSIX single quotes: an advisory id or owner from a feed must not become shell syntax. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

import type { GateName, Reason } from '../domain/decision.js';
import type { ActiveBypass } from './evidence-snapshot.js';

/**
 * Whether an open SEV-1 bypass turns this failing enforce gate into `bypassed`: the bypass covers
 * the gate, the policy still lets it be bypassed (a narrowed policy wins), and it has not expired.
 */
export function applyBypass(
  gate: GateName,
  bypass: ActiveBypass | undefined,
  bypassable: readonly GateName[],
  now: Date,
): { reason: Reason; until: Date } | undefined {
  if (!bypass?.gates.includes(gate) || !bypassable.includes(gate)) return undefined;
  const until = new Date(bypass.expiresAt);
  if (!(until.getTime() > now.getTime())) return undefined;
  return {
    until,
    reason: {
      code: 'BYPASSED',
      message: `bypassed by SEV-1 bypass ${bypass.id} (incident ${bypass.incident}) until ${bypass.expiresAt}, approved by ${bypass.approvers.map((a) => `${a.subject} (${a.role})`).join(', ')}`,
      details: { bypass: bypass.id, incident: bypass.incident, expiresAt: bypass.expiresAt },
    },
  };
}

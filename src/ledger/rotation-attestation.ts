import { InputError } from '../domain/errors.js';
import { encodeLedgerEntry, type LedgerEntry, type RotationPayload } from './ledger-entry.js';

/**
 * Builds a rotation entry from a request body (attacker-controlled JSON, already read by the
 * server's strict JSON reader): exact keys, then the ledger entry schema and the secret-like
 * guard (names of rotated items, never values).
 */
export function rotationEntryFromBody(value: unknown, now: Date, principal?: string): LedgerEntry {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InputError('ATTESTATION_INVALID', 'the body must be a JSON object', { kind: 'invalid', path: '/' });
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['subject', 'items', 'rotatedAt', 'actor'].includes(k))
      throw new InputError('ATTESTATION_INVALID', `unexpected field ${JSON.stringify(k).slice(0, 80)}`, {
        kind: 'invalid',
        path: `/${k}`,
      });
  }
  const at = now.toISOString();
  const entry = rotationEntry(
    { subject: o.subject, items: o.items, rotatedAt: o.rotatedAt ?? at, actor: o.actor ?? o.subject },
    at,
  );
  if (principal === undefined) return entry;
  // Who attests is who called (the principal's label), never what the body claims.
  if (o.actor !== undefined && o.actor !== principal)
    throw new InputError(
      'ATTESTATION_INVALID',
      `actor is the caller, ${principal}; leave it out of the body (it said ${JSON.stringify(String(o.actor)).slice(0, 80)})`,
      { kind: 'invalid', path: '/actor' },
    );
  const { subject, items, rotatedAt } = entry.payload as RotationPayload;
  return rotationEntry({ subject, items, rotatedAt, actor: principal }, at);
}

/** Builds and validates a rotation entry (shared by the CLI and the HTTP route). */
export function rotationEntry(
  input: { subject: unknown; items: unknown; rotatedAt: unknown; actor: unknown },
  at: string,
): LedgerEntry {
  const entry = {
    v: 1,
    type: 'rotation',
    at,
    actor: input.actor,
    payload: { subject: input.subject, items: input.items, rotatedAt: input.rotatedAt },
  } as unknown as LedgerEntry;
  return encodeLedgerEntry(entry).entry; // ENTRY_INVALID / SECRET_LIKE_VALUE with the field's path
}

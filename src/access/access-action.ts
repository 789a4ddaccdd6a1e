/**
 * What a principal may be allowed to do. Reads are split so that data can be minimized: an
 * auditor reads decisions and proofs (`read_decisions`) without the evidence (`read_evidence`).
 */
export type AccessAction =
  | 'ingest'
  | 'verify'
  | 'read_evidence'
  | 'read_decisions'
  | 'waive'
  | 'revoke'
  | 'approve'
  | 'bypass'
  | 'admin';

export const ACCESS_ACTIONS: readonly AccessAction[] = [
  'ingest',
  'verify',
  'read_evidence',
  'read_decisions',
  'waive',
  'revoke',
  'approve',
  'bypass',
  'admin',
];

/** Actions that change state: their denials are recorded in the ledger. */
export const WRITE_ACTIONS: ReadonlySet<AccessAction> = new Set([
  'ingest',
  'waive',
  'revoke',
  'approve',
  'bypass',
  'admin',
]);

export function isAccessAction(value: string): value is AccessAction {
  return (ACCESS_ACTIONS as readonly string[]).includes(value);
}

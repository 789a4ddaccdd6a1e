import type { LedgerEntry } from './ledger-entry.js';

/** The lookup column of an entry: the artifact it is about (or the rotating subject). */
export function entrySubject(e: LedgerEntry): string | null {
  switch (e.type) {
    case 'decision':
    case 'revocation':
    case 'bypass':
    case 'approval':
      return e.payload.digest;
    case 'ingest':
      return e.payload.artifact;
    case 'waiver':
      return e.payload.selector.digest ?? null;
    case 'drift':
      return e.payload.observed;
    case 'rotation':
      return e.payload.subject;
    case 'exception':
      return null;
    case 'access':
      return e.payload.digest ?? null;
  }
}

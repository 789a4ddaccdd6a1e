import type { Reason } from '../../domain/decision.js';

/** What one gate check concludes before its mode is applied. */
export interface CheckResult {
  outcome: 'pass' | 'fail' | 'waived';
  reasons: Reason[];
  /** The instant after which this result may change on its own (a waiver expiring). */
  validUntil?: Date;
}

export const pass = (reasons: Reason[] = []): CheckResult => ({ outcome: 'pass', reasons });
export const fail = (reasons: Reason[]): CheckResult => ({ outcome: 'fail', reasons });

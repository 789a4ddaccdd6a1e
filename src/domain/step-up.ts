import type { Principal } from './principal.js';

/**
 * The "recent assertion" port of the step-up requirement: when did this principal last prove
 * presence with a WebAuthn assertion (user verification required) that the relying party
 * verified? The approvals use case implements it; the server's step-up hook only asks.
 */
export interface StepUpVerifier {
  /** The time of the principal's most recent verified assertion at or before `now`, if any. */
  recentAssertion(principal: Principal, now: Date): Promise<Date | undefined>;
  /** Where a client gets one (an URL path or a sentence), said in STEP_UP_REQUIRED answers. */
  readonly howTo?: string;
}

/** How old an assertion may be for a step-up (the bypass quorum uses the same bound). */
export const STEP_UP_MAX_AGE_MS = 5 * 60 * 1000;

import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Clock } from '../../domain/clock.js';
import type { Principal } from '../../domain/principal.js';
import type { StepUpVerifier } from '../../domain/step-up.js';
import type { ApprovalStore } from '../../store/approval-store.js';
import type { WebAuthnRelyingParty } from './webauthn-relying-party.js';

/**
 * Step-up: a principal proves presence with a WebAuthn assertion (user verification required);
 * the time of the last verified one is what the step-up requirement and the bypass quorum ask.
 */
export class StepUpService implements StepUpVerifier {
  readonly howTo =
    'POST /v1/webauthn/step-up/options, sign with your registered authenticator, POST /v1/webauthn/step-up/verify (or use the approval page /approve)';

  constructor(
    private readonly store: ApprovalStore,
    private readonly rp: WebAuthnRelyingParty,
    private readonly clock: Clock,
  ) {}

  async recentAssertion(principal: Principal, now: Date): Promise<Date | undefined> {
    const at = await this.store.stepUpOf(principal.label);
    if (at === undefined) return undefined;
    const t = new Date(at);
    return t.getTime() <= now.getTime() ? t : undefined;
  }

  options(principal: Principal) {
    return this.rp.assertionOptions(principal.label, 'step-up');
  }

  async verify(principal: Principal, response: AuthenticationResponseJSON): Promise<{ assertedAt: string }> {
    const a = await this.rp.verifyAssertion(principal.label, 'step-up', response);
    const assertedAt = this.clock().toISOString();
    await this.store.recordStepUp(principal.label, a.credentialId, assertedAt);
    return { assertedAt };
  }
}

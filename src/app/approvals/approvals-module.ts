import type { ApprovalConfig } from '../../config/approval-settings.js';
import type { Clock } from '../../domain/clock.js';
import type { Decision } from '../../domain/decision.js';
import type { Digest } from '../../domain/digest.js';
import { ApprovalStore } from '../../store/approval-store.js';
import { BypassStore } from '../../store/bypass-store.js';
import type { Engine } from '../../store/dialect/engine.js';
import type { PolicySource } from '../policy-source.js';
import type { SnapshotProviders } from '../snapshot-builder.js';
import { ApprovalKeys } from './approval-keys.js';
import { ApprovalService } from './approval-service.js';
import { ApprovalTokens } from './approval-token.js';
import { BypassService } from './bypass-service.js';
import { StepUpService } from './step-up-service.js';
import { WebAuthnRelyingParty } from './webauthn-relying-party.js';

/** The approvals side of an installation: WebAuthn, approval tokens and their keys, exceptions, bypass, step-up. */
export interface Approvals {
  approvals: ApprovalService;
  bypass: BypassService;
  stepUp: StepUpService;
  rp: WebAuthnRelyingParty;
  keys: ApprovalKeys;
  /** The approvals gate's and the bypass's snapshot providers. */
  providers: Required<Pick<SnapshotProviders, 'approvals' | 'bypass'>>;
}

export interface ApprovalsParts {
  engine: Engine;
  config: ApprovalConfig;
  policies: PolicySource;
  clock: Clock;
  decisions: (digest: Digest, env: string) => Promise<Decision[]>;
  newId?: () => string;
}

/** Wires the approvals pieces once (called by the composition root). */
export function composeApprovals(p: ApprovalsParts): Approvals {
  const store = new ApprovalStore(p.engine);
  const keys = new ApprovalKeys(store, p.clock);
  const rp = new WebAuthnRelyingParty(store, p.config, p.clock);
  const tokens = new ApprovalTokens(keys, p.config, p.clock);
  const stepUp = new StepUpService(store, rp, p.clock);
  const ids = p.newId ? { newId: p.newId } : {};
  const approvals = new ApprovalService({
    store,
    rp,
    tokens,
    policies: p.policies,
    clock: p.clock,
    publicUrl: p.config.publicUrl,
    ...ids,
  });
  const bypass = new BypassService({
    store: new BypassStore(p.engine),
    policies: p.policies,
    clock: p.clock,
    stepUps: stepUp,
    decisions: p.decisions,
    publicUrl: p.config.publicUrl,
    ...ids,
  });
  return {
    approvals,
    bypass,
    stepUp,
    rp,
    keys,
    providers: {
      approvals: (digest, env, service) => approvals.gateInput(digest, env, service),
      bypass: (digest, env) => bypass.activeFor(digest, env),
    },
  };
}

import { createHash, randomBytes } from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { ApprovalException } from '../../domain/approval.js';
import type { Clock } from '../../domain/clock.js';
import { parseDigest, type Digest } from '../../domain/digest.js';
import type { Principal } from '../../domain/principal.js';
import type { StateEffects } from '../../domain/state-effects.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import type { ApprovalsInput } from '../../policy/evidence-snapshot.js';
import { parseDuration } from '../../policy/duration.js';
import { profileFor } from '../../policy/gates.js';
import type { ApprovalStore } from '../../store/approval-store.js';
import type { JobSpec } from '../periodic-job.js';
import type { PolicySource } from '../policy-source.js';
import { ApprovalError } from './approval-error.js';
import type { ApprovalTokens } from './approval-token.js';
import { clip } from './clip.js';
import type { WebAuthnRelyingParty } from './webauthn-relying-party.js';

/** Exceptions are time-boxed: at most a day. */
export const MAX_EXCEPTION_TTL_MS = 24 * 3_600_000;

export interface ApprovalServiceDeps {
  store: ApprovalStore;
  rp: WebAuthnRelyingParty;
  tokens: ApprovalTokens;
  policies: PolicySource;
  clock: Clock;
  /** Where the approval page is served (MC_PUBLIC_URL). */
  publicUrl: string;
  newId?: () => string;
}

/**
 * Session-bound approvals: options for (digest, env) → a WebAuthn assertion → an approval token
 * (≤ 30 min, bound to digest, env, nonce and credential) → redeemed once → the approvals gate
 * passes for (digest, env) until the token's expiry. Exceptions let a service through for ≤ 24 h.
 */
export class ApprovalService {
  constructor(private readonly deps: ApprovalServiceDeps) {}

  /** The approval page for (digest, env), for `mc approvals request`. */
  pageUrl(digestText: string, env: string): { url: string; digest: Digest; env: string } {
    const { digest } = this.target(digestText, env);
    return { url: `${this.deps.publicUrl}/approve?digest=${digest}&env=${encodeURIComponent(env)}`, digest, env };
  }

  async options(principal: Principal, digestText: string, env: string) {
    const { digest } = this.target(digestText, env);
    return this.deps.rp.assertionOptions(principal.label, 'approve', { digest, env });
  }

  /** Verifies the assertion and mints the approval token it earns. */
  async approve(principal: Principal, response: AuthenticationResponseJSON) {
    const a = await this.deps.rp.verifyAssertion(principal.label, 'approve', response);
    // The approval's assertion is a verified WebAuthn assertion too: it counts as a step-up.
    await this.deps.store.recordStepUp(principal.label, a.credentialId, this.deps.clock().toISOString());
    const { digest, env } = a.challenge;
    if (!digest || !env)
      throw new ApprovalError('WEBAUTHN_CHALLENGE_UNKNOWN', 'the challenge is not an approval challenge');
    const minted = await this.deps.tokens.mint({
      subject: principal.label,
      digest,
      env,
      nonce: a.nonce,
      credentialId: a.credentialId,
    });
    return { ...minted, digest, env, subject: principal.label };
  }

  /** Redeems a token for (digest, env) once, on any replica; every refusal has its reason. */
  async redeem(token: string, expect: { digest: string; env: string }, actor: string) {
    const { digest, env } = this.target(expect.digest, expect.env);
    const claims = await this.deps.tokens.verify(token);
    if (claims.digest !== digest || claims.env !== env)
      throw new ApprovalError(
        'APPROVAL_BINDING_MISMATCH',
        `the approval token is for ${claims.digest} in ${claims.env}, not ${digest} in ${env}`,
      );
    const nonceHash = createHash('sha256').update(`${claims.issuer}\u0000${claims.nonce}`).digest('hex');
    const approval = {
      digest,
      env,
      subject: clip(claims.subject, 256),
      issuer: clip(claims.issuer, 1024),
      ...(claims.credentialId ? { credentialId: clip(claims.credentialId, 1024) } : {}),
      nonceHash,
      redeemedBy: actor,
      redeemedAt: this.deps.clock().toISOString(),
      expiresAt: claims.expiresAt.toISOString(),
    };
    const { redeemedBy: _, redeemedAt: __, ...payload } = approval;
    const ok = await this.deps.store.redeem(approval, {
      ledger: [{ v: 1, type: 'approval', at: approval.redeemedAt, actor: clip(actor, 256), payload }],
      events: [
        {
          type: 'approval',
          digest,
          env,
          cause: 'redeem',
          details: { subject: approval.subject, issuer: approval.issuer, expiresAt: approval.expiresAt },
          ledgerRef: 0,
        },
      ],
    });
    if (!ok)
      throw new ApprovalError(
        'APPROVAL_REPLAYED',
        `this approval token (nonce) was redeemed before; request a new approval`,
      );
    return approval;
  }

  /** What the approvals gate reads for (digest, env) and the artifact's service. */
  async gateInput(digest: Digest, env: string, service: string | undefined): Promise<ApprovalsInput> {
    const [approvals, exceptions] = await Promise.all([
      this.deps.store.approvalsFor(digest, env),
      service ? this.deps.store.exceptions({ service, env }) : Promise.resolve([]),
    ]);
    return {
      approvals: approvals.map((a) => ({ subject: a.subject, issuer: a.issuer, expiresAt: a.expiresAt })),
      exceptions: exceptions.map((e) => ({
        id: e.id,
        service: e.service,
        owner: e.owner,
        reason: e.reason,
        expiresAt: e.expiresAt,
      })),
    };
  }

  async addException(
    req: { service?: unknown; env?: unknown; owner?: unknown; reason?: unknown; ttl?: unknown },
    actor: string,
  ) {
    const text = (name: string, v: unknown, max: number): string => {
      if (typeof v !== 'string' || v.trim() === '' || v.length > max || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(v))
        throw new ApprovalError('EXCEPTION_INVALID', `${name} must be text of 1 to ${max} characters`, { path: name });
      return v;
    };
    const service = text('service', req.service, 1024);
    const env = text('env', req.env, 128);
    profileFor(this.deps.policies.current().policy.gates, env);
    let ttl: number;
    try {
      ttl = parseDuration(text('ttl', req.ttl, 16), 'ttl');
    } catch (e) {
      throw new ApprovalError('EXCEPTION_INVALID', (e as Error).message, { path: 'ttl', cause: e });
    }
    if (ttl <= 0 || ttl > MAX_EXCEPTION_TTL_MS)
      throw new ApprovalError('EXCEPTION_INVALID', `an exception lasts at most 24h, got ttl ${String(req.ttl)}`, {
        path: 'ttl',
      });
    const now = this.deps.clock();
    const e: ApprovalException = {
      id: this.deps.newId?.() ?? `ex-${randomBytes(6).toString('hex')}`,
      service,
      env,
      owner: text('owner', req.owner, 256),
      reason: text('reason', req.reason, 4096),
      createdBy: actor,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttl).toISOString(),
    };
    await this.deps.store.addException(e, exceptionEffects(e, 'add', actor, e.createdAt));
    return e;
  }

  async listExceptions() {
    const now = this.deps.clock().getTime();
    return (await this.deps.store.exceptions()).map((e) => ({
      ...e,
      status: Date.parse(e.expiresAt) > now ? 'active' : 'expired',
    }));
  }

  async removeException(id: string, actor: string): Promise<ApprovalException> {
    const at = this.deps.clock().toISOString();
    const removed = await this.deps.store.removeException(id, at, (e) => exceptionEffects(e, 'remove', actor, at));
    if (!removed) throw new ApprovalError('EXCEPTION_NOT_FOUND', `no exception ${id} in force`);
    return removed;
  }

  /** Records the end of every exception whose TTL ran out (the gate stopped honouring it at its expiry already). */
  async expireDue(): Promise<{ expired: string[] }> {
    const now = this.deps.clock();
    const ended = await this.deps.store.expireExceptions(now, (e) => exceptionEffects(e, 'expire', 'mc', e.expiresAt));
    // Expired ceremony challenges are dead weight (each options call adds one): an hour's grace, then gone.
    await this.deps.store.purgeChallenges(new Date(now.getTime() - 3_600_000));
    return { expired: ended.map((e) => e.id) };
  }

  job(intervalMs: number): JobSpec<{ expired: string[] }> {
    return {
      name: 'exception-expiry',
      intervalMs,
      run: () => this.expireDue(),
      describe: (r) => ({ expired: r.expired }),
      quiet: (r) => r.expired.length === 0,
    };
  }

  private target(digestText: string, env: string): { digest: Digest; env: string } {
    const digest = parseDigest(digestText);
    if (typeof env !== 'string')
      throw new ApprovalError('APPROVAL_REQUEST_INVALID', 'env is required', { path: 'env' });
    profileFor(this.deps.policies.current().policy.gates, env); // unknown environment: 400
    return { digest, env };
  }
}

/** The ledger entry of an exception added or removed (golden-tested). */
export function ledgerEntryForException(
  e: ApprovalException,
  action: 'add' | 'remove' | 'expire',
  actor: string,
  at: string,
): LedgerEntry {
  const { id, service, env, owner, reason, expiresAt } = e;
  return {
    v: 1,
    type: 'exception',
    at,
    actor: clip(actor, 256),
    payload: {
      action,
      id,
      service: clip(service, 1024),
      env,
      owner: clip(owner, 256),
      reason: clip(reason, 4096),
      expiresAt,
    },
  };
}

function exceptionEffects(
  e: ApprovalException,
  action: 'add' | 'remove' | 'expire',
  actor: string,
  at: string,
): StateEffects {
  return {
    ledger: [ledgerEntryForException(e, action, actor, at)],
    events: [
      {
        type: 'approval',
        env: e.env,
        cause: `exception-${action}`,
        details: { id: e.id, service: e.service },
        ledgerRef: 0,
      },
    ],
  };
}

import { randomBytes } from 'node:crypto';
import { BYPASS_ROLES, type Bypass, type BypassApproval, type BypassRole } from '../../domain/approval.js';
import type { Clock } from '../../domain/clock.js';
import type { Decision } from '../../domain/decision.js';
import { parseDigest, type Digest } from '../../domain/digest.js';
import type { NewEvent } from '../../domain/events.js';
import { hasRole, type Principal } from '../../domain/principal.js';
import { STEP_UP_MAX_AGE_MS, type StepUpVerifier } from '../../domain/step-up.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import type { ActiveBypass } from '../../policy/evidence-snapshot.js';
import { bypassableGates, profileFor } from '../../policy/gates.js';
import type { BypassStore } from '../../store/bypass-store.js';
import type { JobSpec } from '../periodic-job.js';
import type { PolicySource } from '../policy-source.js';
import { ApprovalError } from './approval-error.js';
import { clip } from './clip.js';

/** A bypass is a SEV-1 measure: open at most 4 hours, then it reverts on its own. */
export const BYPASS_TTL_MS = 4 * 3_600_000;

export interface BypassServiceDeps {
  store: BypassStore;
  policies: PolicySource;
  clock: Clock;
  stepUps: StepUpVerifier;
  /** Recorded decisions of (digest, env), newest first (the report lists those made under the bypass). */
  decisions: (digest: Digest, env: string) => Promise<Decision[]>;
  /** Where the approval page is served (MC_PUBLIC_URL). */
  publicUrl: string;
  newId?: () => string;
}

export interface BypassReport {
  bypass: Bypass;
  /** Every recorded decision for (digest, env) while the bypass was open. */
  decisions: Decision[];
}

/**
 * Quorum bypass: a request for (digest, env, incident), approved by three distinct principals
 * holding the security, release and owner roles (each with a fresh step-up over HTTP); the third
 * approval opens it for 4 h, during which the policy's bypassable gates report `bypassed`; the
 * expiry job (one replica, under the lease) reverts it and the caches are invalidated.
 */
export class BypassService {
  constructor(private readonly deps: BypassServiceDeps) {}

  approveUrl(id: string): string {
    return `${this.deps.publicUrl}/approve?bypass=${encodeURIComponent(id)}`;
  }

  async request(
    req: { digest?: unknown; env?: unknown; incident?: unknown; reason?: unknown },
    principal: Principal,
  ): Promise<Bypass> {
    const digest = parseDigest(String(req.digest ?? ''));
    const env = text('env', req.env, 128);
    profileFor(this.deps.policies.current().policy.gates, env);
    const at = this.deps.clock().toISOString();
    const b: Bypass = {
      id: this.deps.newId?.() ?? `byp-${randomBytes(6).toString('hex')}`,
      digest,
      env,
      incident: text('incident', req.incident, 256),
      reason: text('reason', req.reason, 4096),
      requestedBy: principal.label,
      requestedAt: at,
      state: 'pending',
      gates: [],
      approvals: [],
    };
    await this.deps.store.addBypass(b, effects(b, 'request', principal.label, at, 'requested'));
    return b;
  }

  /**
   * One approval. `stepUp`: over HTTP the approver must have made a WebAuthn assertion within 5
   * minutes; the local CLI holds the store itself and is not asked (its label says it was the CLI).
   */
  async approve(id: string, roleText: string, principal: Principal, opts: { stepUp: boolean }): Promise<Bypass> {
    const role = roleText as BypassRole;
    if (!BYPASS_ROLES.includes(role))
      throw new ApprovalError('BYPASS_INVALID', `role must be one of ${BYPASS_ROLES.join(', ')}`, { path: 'role' });
    if (!hasRole(principal, role) && !hasRole(principal, 'admin'))
      throw new ApprovalError('BYPASS_ROLE_MISSING', `${principal.label} does not hold the ${role} role`);
    const now = this.deps.clock();
    let steppedUpAt: string | undefined;
    if (opts.stepUp) {
      const recent = await this.deps.stepUps.recentAssertion(principal, now);
      if (!recent || now.getTime() - recent.getTime() > STEP_UP_MAX_AGE_MS)
        throw new ApprovalError(
          'STEP_UP_REQUIRED',
          `approving a bypass needs a WebAuthn assertion at most 5 minutes old: complete the step-up on ${this.approveUrl(id)}`,
        );
      steppedUpAt = recent.toISOString();
    }
    const existing = await this.deps.store.bypass(id);
    if (!existing) throw new ApprovalError('BYPASS_NOT_FOUND', `no bypass ${id}`);
    const at = now.toISOString();
    const approval: BypassApproval = {
      role,
      subject: principal.label,
      approvedAt: at,
      ...(steppedUpAt ? { steppedUpAt } : {}),
    };
    const gates = [...bypassableGates(this.deps.policies.current().policy.gates)];
    return this.deps.store.approveBypass(id, approval, (b) => {
      if (b.state !== 'pending')
        throw new ApprovalError('BYPASS_NOT_PENDING', `bypass ${id} is ${b.state}, not pending`);
      const before = b.approvals.slice(0, -1);
      if (before.some((a) => a.subject === principal.label))
        throw new ApprovalError(
          'BYPASS_DUPLICATE_APPROVER',
          `${principal.label} has approved bypass ${id} already: three distinct people are needed`,
        );
      if (before.some((a) => a.role === role))
        throw new ApprovalError('BYPASS_ROLE_TAKEN', `the ${role} approval of bypass ${id} is given already`);
      const complete = BYPASS_ROLES.every((r) => b.approvals.some((a) => a.role === r));
      if (!complete) return { effects: effects(b, 'approve', principal.label, at, 'approved') };
      const expiresAt = new Date(now.getTime() + BYPASS_TTL_MS).toISOString();
      const open = { ...b, state: 'active' as const, gates, activatedAt: at, expiresAt };
      const approved = effects(b, 'approve', principal.label, at, 'approved');
      const opened = effects(open, 'open', principal.label, at, 'active');
      return {
        activate: { at, expiresAt, gates },
        effects: {
          ledger: [...approved.ledger, ...opened.ledger],
          events: [approved.events[0]!, { ...opened.events[0]!, ledgerRef: 1 }],
        },
      };
    });
  }

  /** Reverts every bypass whose time is up (the expiry job; safe on any replica, each one once). */
  async expireDue(): Promise<{ reverted: string[] }> {
    const now = this.deps.clock();
    const at = now.toISOString();
    const reverted: string[] = [];
    for (const id of await this.deps.store.dueBypasses(now)) {
      const b = await this.deps.store.endBypass(id, at, (x) => effects(x, 'revert', 'mc', at, 'reverted'));
      if (b) reverted.push(b.id);
    }
    return { reverted };
  }

  job(intervalMs: number): JobSpec<{ reverted: string[] }> {
    return {
      name: 'bypass-expiry',
      intervalMs,
      run: () => this.expireDue(),
      describe: (r) => ({ reverted: r.reverted }),
      quiet: (r) => r.reverted.length === 0,
    };
  }

  /** A bypass as it stands now: one past its expiry is reverted first (as the job would), so no read shows it open. */
  async status(id: string): Promise<Bypass> {
    const b = await this.deps.store.bypass(id);
    if (!b) throw new ApprovalError('BYPASS_NOT_FOUND', `no bypass ${id}`);
    const now = this.deps.clock();
    if (b.state !== 'active' || Date.parse(b.expiresAt!) > now.getTime()) return b;
    const at = now.toISOString();
    return (
      (await this.deps.store.endBypass(id, at, (x) => effects(x, 'revert', 'mc', at, 'reverted'))) ??
      (await this.deps.store.bypass(id))!
    );
  }

  async report(id: string): Promise<BypassReport> {
    const bypass = await this.status(id);
    if (!bypass.activatedAt) return { bypass, decisions: [] };
    const end = bypass.endedAt ?? bypass.expiresAt!;
    const decisions = (await this.deps.decisions(bypass.digest, bypass.env)).filter(
      (d) => d.evaluatedAt >= bypass.activatedAt! && d.evaluatedAt < end,
    );
    return { bypass, decisions: decisions.reverse() };
  }

  /** The open bypass of (digest, env) that the gates see (an expired one is not open, job or no job). */
  async activeFor(digest: Digest, env: string): Promise<ActiveBypass | undefined> {
    const now = this.deps.clock().toISOString();
    const b = (await this.deps.store.bypasses({ digest, env, state: 'active' })).find((x) => (x.expiresAt ?? '') > now);
    if (!b) return undefined;
    return {
      id: b.id,
      incident: b.incident,
      expiresAt: b.expiresAt!,
      gates: b.gates,
      approvers: b.approvals.map((a) => ({ subject: a.subject, role: a.role })),
    };
  }
}

function text(name: string, v: unknown, max: number): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(v))
    throw new ApprovalError('BYPASS_INVALID', `${name} must be text of 1 to ${max} characters`, { path: name });
  return v;
}

function effects(
  b: Bypass,
  action: 'request' | 'approve' | 'open' | 'revert',
  actor: string,
  at: string,
  state: string,
): { ledger: LedgerEntry[]; events: NewEvent[] } {
  return {
    ledger: [
      {
        v: 1,
        type: 'bypass',
        at,
        actor: clip(actor, 256),
        payload: {
          action,
          id: b.id,
          digest: b.digest,
          env: b.env,
          incident: b.incident,
          approvers: b.approvals.map((a) => ({ subject: clip(a.subject, 256), role: a.role })),
          // A pending request has no expiry yet: the latest it could end is 4 h after it opens.
          expiresAt: b.expiresAt ?? new Date(Date.parse(at) + BYPASS_TTL_MS).toISOString().replace(/\.000Z$/, 'Z'),
          reason: b.reason,
          ...(b.gates.length ? { gates: b.gates } : {}),
        },
      },
    ],
    events: [
      {
        type: 'bypass',
        digest: b.digest,
        env: b.env,
        cause: state,
        details: {
          id: b.id,
          incident: b.incident,
          approvers: b.approvals.length,
          ...(b.expiresAt ? { expiresAt: b.expiresAt } : {}),
        },
        ledgerRef: 0,
      },
    ],
  };
}

import type { Reason } from '../../domain/decision.js';
import type { EvidenceSnapshot } from '../evidence-snapshot.js';
import { fail, type CheckResult } from './check-result.js';

/**
 * Session-bound approvals: passes while a redeemed approval of (digest, env) or an exception for
 * the artifact's service in this environment is unexpired at `now`; the pass holds until the last
 * of them expires, then the gate fails again on its own.
 */
export function checkApprovals(s: EvidenceSnapshot, now: Date): CheckResult {
  const input = s.approvals;
  if (!input)
    return fail([
      {
        code: 'APPROVALS_UNAVAILABLE',
        message: 'no approval source is wired in this build; nothing can pass this gate',
      },
    ]);
  const t = now.getTime();
  const live = input.approvals.filter((a) => Date.parse(a.expiresAt) > t);
  const exceptions = input.exceptions.filter((e) => Date.parse(e.expiresAt) > t);
  const reasons: Reason[] = [
    ...live.map((a) => ({
      code: 'APPROVED',
      message: `approved by ${a.subject} (${a.issuer}) until ${a.expiresAt}`,
      details: { subject: a.subject, issuer: a.issuer, expiresAt: a.expiresAt },
    })),
    ...exceptions.map((e) => ({
      code: 'APPROVAL_EXCEPTION',
      message: `exception ${e.id} for ${e.service} until ${e.expiresAt} (owner ${e.owner}): ${e.reason}`,
      details: { id: e.id, service: e.service, owner: e.owner, expiresAt: e.expiresAt },
    })),
  ];
  if (reasons.length > 0) {
    const until = Math.max(...[...live, ...exceptions].map((x) => Date.parse(x.expiresAt)));
    return { outcome: 'pass', reasons, validUntil: new Date(until) };
  }
  const expired = input.approvals[0];
  return fail([
    {
      code: 'APPROVAL_MISSING',
      message: `no unexpired approval for ${s.digest} in this environment: run mc approvals request --digest ${s.digest} --env <env> and complete the WebAuthn ceremony on the page it prints`,
    },
    ...(expired
      ? [
          {
            code: 'APPROVAL_EXPIRED',
            message: `the last approval (by ${expired.subject}) expired at ${expired.expiresAt}`,
            details: { subject: expired.subject, expiresAt: expired.expiresAt },
          },
        ]
      : []),
  ]);
}

import type { Decision } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { EvidenceKind } from '../domain/evidence.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { RevocationChange } from '../domain/revocation.js';
import type { Waiver } from '../domain/waiver.js';

/**
 * The ledger entries the store writes beside its state changes (in the same transaction). Free text is
 * bounded to the entry schema's limits here, so recording never fails on a long message.
 */
function clip(s: string, max: number): string {
  // By code points, as the schema's maxLength counts them: a cut through a surrogate pair
  // would leave a lone surrogate that canonical JSON refuses, rolling back the state change.
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}

export function ledgerEntryForIngest(
  artifact: Digest,
  kind: EvidenceKind,
  sha256: Digest,
  format: string,
  at: string,
  actor = 'mc',
): LedgerEntry {
  return {
    v: 1,
    type: 'ingest',
    at,
    actor: clip(actor, 256),
    payload: { artifact, kind, sha256, format: clip(format || 'unknown', 128) },
  };
}

/** A chain longer than the entry schema takes keeps both ends: the revoked ancestor and this digest. */
const MAX_CHAIN = 1000;

/**
 * A revocation that began or ended (directly, or propagated through lineage). `note` is the free
 * text of the act: the revocation's reason, or the reason given for reinstating it.
 */
export function ledgerEntryForRevocation(
  change: RevocationChange,
  actor: string,
  note: string,
  at: string,
): LedgerEntry {
  const r = change.revocation;
  const chain = r.chain.length <= MAX_CHAIN ? r.chain : [...r.chain.slice(0, 500), ...r.chain.slice(-500)];
  return {
    v: 1,
    type: 'revocation',
    at,
    actor: clip(actor || r.source || 'mc', 256),
    payload: {
      digest: r.digest,
      action: change.action,
      reason: r.cause,
      ...(note ? { detail: clip(note, 4096) } : {}),
      ...(r.inheritedFrom ? { propagatedFrom: r.inheritedFrom } : {}),
      ...(r.env ? { env: clip(r.env, 128) } : {}),
      ...(chain.length ? { chain } : {}),
      ...(r.advisory ? { advisory: clip(r.advisory, 256) } : {}),
    },
  };
}

export function ledgerEntryForDecision(decision: Decision, at: string, actor = 'mc'): LedgerEntry {
  const payload: Decision = {
    ...decision,
    gates: decision.gates.map((g) => ({
      ...g,
      reasons: g.reasons.map((r) => ({
        ...r,
        code: clip(r.code || 'UNSPECIFIED', 128),
        message: clip(r.message || r.code || '-', 4096),
      })),
    })),
  };
  return { v: 1, type: 'decision', at, actor: clip(actor, 256), payload };
}

export function ledgerEntryForWaiver(w: Waiver, action: 'create' | 'revoke', actor: string, at: string): LedgerEntry {
  const selector = {
    ...(w.digest ? { digest: w.digest as Digest } : {}),
    ...(w.advisory ? { advisoryId: clip(w.advisory, 256) } : {}),
    ...(w.purl ? { purl: clip(w.purl, 2048) } : {}),
  };
  return {
    v: 1,
    type: 'waiver',
    at,
    actor: clip(actor || 'mc', 256),
    payload: {
      action,
      id: clip(w.id, 256),
      selector,
      owner: clip(w.owner, 256),
      reason: clip(w.reason, 4096),
      expiresAt: w.expires,
    },
  };
}

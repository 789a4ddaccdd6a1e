import { readView, type ViewSpec } from '../../access/access-view.js';

/**
 * What each read route answers, field by field, and the action each field needs (data
 * minimization: a route answers only what is declared here, projected for the principal; a field
 * added to an answer later stays hidden under access rules until it is declared). access.yaml's
 * `views:` narrows them per role. The artifact and decision views live in artifact-routes.ts.
 */

/** GET /v1/events: one event. */
export const EVENT_VIEW: ViewSpec = readView('event', [
  'id',
  'type',
  'at',
  'digest',
  'workload',
  'env',
  'cause',
  'details',
  'ledgerIndex',
]);

/** GET /v1/waivers and /v1/waivers/due: one waiver with its status. */
export const WAIVER_VIEW: ViewSpec = readView('waiver', [
  'id',
  'advisory',
  'digest',
  'purl',
  'owner',
  'reason',
  'created',
  'expires',
  'source',
  'status',
]);

/** GET /v1/lineage/{digest}. */
export const LINEAGE_VIEW: ViewSpec = readView('lineage', [
  'digest',
  'name',
  'promotable',
  'revocations',
  'ancestors',
  'descendants',
]);

/** GET /v1/ledger/checkpoint (the text format is the `note` field alone). */
export const CHECKPOINT_VIEW: ViewSpec = readView('checkpoint', [
  'origin',
  'treeSize',
  'root',
  'keyId',
  'createdAt',
  'note',
]);

/** GET /v1/ledger/proof: proofs are hashes, never entry contents. */
export const INCLUSION_PROOF_VIEW: ViewSpec = readView('inclusion_proof', [
  'leafIdx',
  'treeSize',
  'leafHash',
  'proof',
  'root',
]);

/** GET /v1/ledger/consistency. */
export const CONSISTENCY_PROOF_VIEW: ViewSpec = readView('consistency_proof', [
  'fromSize',
  'toSize',
  'proof',
  'fromRoot',
  'toRoot',
]);

/** The answer of POST /v1/artifacts/{digest}/evidence: what was stored about the evidence needs read_evidence. */
export const INGEST_VIEW: ViewSpec = readView('ingest', ['digest', 'parents'], 'ingest', { evidence: 'read_evidence' });

/** GET /v1/approvals/exceptions: one exception with its status. */
export const EXCEPTION_VIEW: ViewSpec = readView('exception', [
  'id',
  'service',
  'env',
  'owner',
  'reason',
  'createdBy',
  'createdAt',
  'expiresAt',
  'status',
]);

/** GET /v1/bypasses/{id}, and the bypass in its report. */
export const BYPASS_VIEW: ViewSpec = readView('bypass', [
  'id',
  'digest',
  'env',
  'incident',
  'reason',
  'requestedBy',
  'requestedAt',
  'state',
  'gates',
  'approvals',
  'activatedAt',
  'expiresAt',
  'endedAt',
]);

/** GET /v1/bypasses/{id}/report: the bypass (BYPASS_VIEW) and the decisions under it (DECISION_VIEW). */
export const BYPASS_REPORT_VIEW: ViewSpec = readView('bypass_report', ['bypass', 'decisions']);

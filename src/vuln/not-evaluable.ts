import type { Component, Finding } from '../domain/evidence.js';
import type { IdentityProblemReason } from './package-identity.js';
import type { NotEvaluableReason } from './range-evaluator.js';

/** Why a component, or one advisory for it, could not be decided. */
export type NotEvaluableCode = NotEvaluableReason | IdentityProblemReason | 'RELEASE_MISSING';

export interface NotEvaluable {
  component: { name: string; version?: string; purl?: string };
  reason: NotEvaluableCode;
  detail: string;
  /** Set when the package has this advisory but the version could not be decided. */
  finding?: Finding;
}

/**
 * Undecided answers, one per advisory: an advisory already found (`seen`, ids and aliases of the
 * findings) is not reported again, nor one undecided through several affected[] entries.
 */
export function onePerAdvisory(open: readonly NotEvaluable[], seen: Set<string>): NotEvaluable[] {
  return open.filter((n) => {
    if (n.finding === undefined) return true;
    if (seen.has(n.finding.advisoryId)) return false;
    seen.add(n.finding.advisoryId);
    return true;
  });
}

/** The component as a NotEvaluable names it. */
export function componentRef(c: Component): NotEvaluable['component'] {
  const ref: NotEvaluable['component'] = { name: c.name };
  if (c.version !== undefined) ref.version = c.version;
  if (c.purl !== undefined) ref.purl = c.purl;
  return ref;
}

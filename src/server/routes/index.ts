import { ledgerRoutes } from './ledger-routes.js';
import type { NoteVerifier } from '../../ledger/note-key.js';
import type { RouteModule } from './route-context.js';
import { waiverRoutes } from './waiver-routes.js';

/**
 * Route modules beyond the core verify/evidence/decisions routes; `mc serve` registers them all.
 * With the installation's vkeys, a stored checkpoint is verified before it is served; without
 * them (no ledger key yet) it is served as stored and clients verify it with the vkey.
 */
export function extraRoutes(opts: { ledgerVerifiers?: NoteVerifier[] } = {}): RouteModule[] {
  return [ledgerRoutes(opts.ledgerVerifiers ? { verifiers: opts.ledgerVerifiers } : {}), waiverRoutes()];
}

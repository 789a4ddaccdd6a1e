import { ledgerRoutes } from './ledger-routes.js';
import type { RouteModule } from './route-context.js';
import { waiverRoutes } from './waiver-routes.js';

/**
 * Route modules beyond the core verify/evidence/decisions routes; `mc serve` registers them all.
 * The ledger routes take the service's clock and, given no vkeys here, serve stored checkpoints
 * as they are: clients verify them with the installation's vkey.
 */
export const EXTRA_ROUTES: readonly RouteModule[] = [ledgerRoutes(), waiverRoutes()];

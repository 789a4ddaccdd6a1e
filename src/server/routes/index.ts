import { ledgerRoutes } from './ledger-routes.js';
import type { RouteModule } from './route-context.js';
import { waiverRoutes } from './waiver-routes.js';

/** Route modules beyond the core verify/evidence/decisions routes; `mc serve` registers them all. */
export const EXTRA_ROUTES: readonly RouteModule[] = [ledgerRoutes(), waiverRoutes()];

import { ledgerRoutes } from './ledger-routes.js';
import type { RouteModule } from './route-context.js';

/** Route modules beyond the core verify/evidence/decisions routes; `mc serve` registers them all. */
export const EXTRA_ROUTES: readonly RouteModule[] = [ledgerRoutes()];

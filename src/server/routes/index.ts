import { admissionRoutes } from './admission-routes.js';
import { approvalRoutes } from './approval-routes.js';
import { artifactRoutes } from './artifact-routes.js';
import { eventRoutes } from './event-routes.js';
import { evidenceRoutes } from './evidence-routes.js';
import { flaggerRoutes } from './flagger-routes.js';
import { healthRoutes } from './health-routes.js';
import { ledgerRoutes } from './ledger-routes.js';
import { revocationRoutes } from './revocation-routes.js';
import type { RouteModule } from './route-context.js';
import { verifyRoutes } from './verify-routes.js';
import { waiverRoutes } from './waiver-routes.js';

/** Every route group of `mc serve`, registered by buildApp in this order. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  healthRoutes,
  verifyRoutes,
  evidenceRoutes,
  artifactRoutes,
  ledgerRoutes,
  waiverRoutes,
  revocationRoutes,
  eventRoutes,
  admissionRoutes,
  flaggerRoutes,
  approvalRoutes,
];

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GateService } from '../../app/gate-service.js';
import type { ServerMetrics } from '../metrics.js';

/** What every route module gets: the app, the use cases, metrics and the bearer-token check. */
export interface RouteContext {
  app: FastifyInstance;
  service: GateService;
  metrics: ServerMetrics;
  /** preHandler for mutating endpoints: 401 without a token, 403 for a rejected one. */
  requireToken: (req: FastifyRequest) => Promise<void>;
}

/** A route module: registers its routes. One file per area (verify, evidence, ledger, waivers, …). */
export type RouteModule = (ctx: RouteContext) => void;

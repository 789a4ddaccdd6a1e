import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GateService } from '../../app/gate-service.js';
import type { ServerMetrics } from '../metrics.js';

/** What every route module gets: the app, the use cases, metrics, the bearer-token check and who passed it. */
export interface RouteContext {
  app: FastifyInstance;
  service: GateService;
  metrics: ServerMetrics;
  /**
   * The bearer-token check of mutating endpoints: 401 without a token, 403 for a rejected one.
   * An onRequest hook (buildApp refuses it in a later hook): it runs before the body is read.
   * JSON routes pass it to jsonRoute (json-body.ts).
   */
  requireToken: (req: FastifyRequest) => Promise<void>;
  /** The token label (`token:<8 hex>`) that requireToken accepted for this request: the actor of audit records. */
  actorOf: (req: FastifyRequest) => string;
}

/** A route module: registers its routes. One file per area (verify, evidence, ledger, waivers, …). */
export type RouteModule = (ctx: RouteContext) => void;

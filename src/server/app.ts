import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { clientErrorHandler, frameworkErrorHandler } from './hooks/client-errors.js';
import { rejectControlCharacters } from './hooks/control-characters.js';
import { AdmissionAuthenticator } from './hooks/admission-auth.js';
import { installErrorHandler } from './hooks/error-handler.js';
import { installNotFoundHandler } from './hooks/not-found-handler.js';
import { installRawBodyParser } from './hooks/raw-body-parser.js';
import { FlaggerAuthenticator } from './hooks/flagger-auth.js';
import { installAccessGuard } from './hooks/access-guard.js';
import { ServerMetrics } from './metrics.js';
import { ROUTE_MODULES } from './routes/index.js';
import type { RouteModule, RouteServices } from './routes/route-context.js';
import { BODY_LIMITS, DEFAULT_TIMEOUTS, timeoutOptions, type ServerTimeouts } from './server-limits.js';

export interface AppOptions {
  /** The use cases the routes call: the installation (app/installation.ts) or a test's own. */
  services: RouteServices;
  apiTokens: readonly string[];
  /** MC_ADMISSION_TOKENS: tokens that open the admission webhook only (the API server's kubeconfig). */
  admissionTokens?: readonly string[];
  /** MC_FLAGGER_TOKENS: tokens that open the Flagger hooks only (sent in webhook metadata). */
  flaggerTokens?: readonly string[];
  /** The evidence upload limit (MC_BODY_LIMIT); every other route takes its limit from BODY_LIMITS. */
  bodyLimitBytes: number;
  /** Connection timeouts; DEFAULT_TIMEOUTS unless given (tests shorten them). */
  timeouts?: Partial<ServerTimeouts>;
  logger?: boolean;
  /** TLS (`mc serve --tls-cert/--tls-key`): HTTPS only; server/tls.ts swaps the pair in when the files change. */
  https?: { cert: Buffer; key: Buffer };
  /** Route modules registered after ROUTE_MODULES (a test's own route). */
  routes?: readonly RouteModule[];
  /** /metrics answers without credentials under access rules too (MC_METRICS_PUBLIC). */
  metricsPublic?: boolean;
}

/** The HTTP face of `mc serve`: the server, its cross-cutting hooks, then every route module. */
export function buildApp(opts: AppOptions): { app: FastifyInstance; metrics: ServerMetrics } {
  const timeouts = timeoutOptions({ ...DEFAULT_TIMEOUTS, ...opts.timeouts });
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMITS.json,
    return503OnClosing: true,
    ...timeouts,
    // fastify gives `http` to http.createServer only: an HTTPS server takes the same options beside its pair.
    ...(opts.https ? { https: { ...timeouts.http, ...opts.https } } : {}),
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
  installRawBodyParser(app);
  installErrorHandler(app);
  installNotFoundHandler(app);
  app.addHook('onRequest', rejectControlCharacters);
  // Before any route: the guard refuses a route that would run it after the body is read.
  const guard = installAccessGuard(app, {
    apiTokens: opts.apiTokens,
    ...(opts.services.access ? { access: opts.services.access } : {}),
    ...(opts.metricsPublic ? { metricsPublic: true } : {}),
  });
  const requireToken = guard.guard('admin');
  const actorOf = (req: FastifyRequest): string => {
    const principal = guard.principalOf(req);
    // A route that asks for the actor without a guard is a bug, not a client error.
    if (principal === undefined) throw new Error(`actorOf: ${req.method} ${req.routeOptions.url} has no principal`);
    return principal.label;
  };
  const { figures } = opts.services;
  const metrics = new ServerMetrics(figures ? () => figures.read() : undefined);
  const { gate, waivers, ledger, revocations, events, admission, access, approvals } = opts.services;
  const ctx = {
    ...guard,
    ...(access ? { access } : {}),
    ...(approvals ? { approvals } : {}),
    app,
    gate,
    waivers,
    ledger,
    revocations,
    events,
    admission,
    metrics,
    requireToken,
    actorOf,
    evidenceBodyLimit: opts.bodyLimitBytes,
    admissionAuth: new AdmissionAuthenticator(opts.apiTokens, opts.admissionTokens ?? []),
    flaggerAuth: new FlaggerAuthenticator(opts.apiTokens, opts.flaggerTokens ?? []),
  };
  for (const register of [...ROUTE_MODULES, ...(opts.routes ?? [])]) register(ctx);
  return { app, metrics };
}

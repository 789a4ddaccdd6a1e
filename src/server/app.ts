import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { GateService } from '../app/gate-service.js';
import { parseDigest } from '../domain/digest.js';
import { EVIDENCE_KINDS, type EvidenceKind } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { StoreError } from '../store/store-error.js';
import { TokenAuthenticator } from './auth.js';
import { clientErrorHandler, frameworkErrorHandler } from './client-errors.js';
import { rejectControlCharacters } from './control-characters.js';
import { toErrorResponse } from './error-response.js';
import { ServerMetrics } from './metrics.js';
import { RequestError } from './request-error.js';
import { RouteTable } from './route-table.js';
import { BODY_LIMITS, DEFAULT_TIMEOUTS, timeoutOptions, type ServerTimeouts } from './server-limits.js';
import type { RouteModule } from './routes/route-context.js';

export interface AppOptions {
  service: GateService;
  apiTokens: readonly string[];
  /** The evidence upload limit (MC_BODY_LIMIT); every other route takes its limit from BODY_LIMITS. */
  bodyLimitBytes: number;
  /** Connection timeouts; DEFAULT_TIMEOUTS unless given (tests shorten them). */
  timeouts?: Partial<ServerTimeouts>;
  logger?: boolean;
  /** Further route modules (ledger, waivers, attestations, …), each registering its own routes. */
  routes?: readonly RouteModule[];
}

const verifyQuery = {
  type: 'object',
  required: ['digest', 'env'],
  additionalProperties: false,
  properties: { digest: { type: 'string', maxLength: 100 }, env: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** The HTTP face of `mc serve`. Routes are thin: parse, call the gate service, render. */
export function buildApp(opts: AppOptions): { app: FastifyInstance; metrics: ServerMetrics } {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMITS.json,
    return503OnClosing: true,
    ...timeoutOptions({ ...DEFAULT_TIMEOUTS, ...opts.timeouts }),
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
  const metrics = new ServerMetrics();
  const auth = new TokenAuthenticator(opts.apiTokens);
  const { service } = opts;

  // Evidence bodies are raw documents of any media type; JSON routes check the media type and
  // parse the bytes with the one strict reader (json-body.ts).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => {
    const { status, body, internal } = toErrorResponse(err);
    if (internal) req.log.error({ err }, 'internal error');
    // Refused before its body was read (token, media type, size): close the connection rather
    // than let the client stream a body we would only read to discard.
    if (!req.raw.complete) void reply.header('connection', 'close');
    void reply.code(status).send(body);
  });

  const routes = new RouteTable();
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = routes.allowed(path);
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      const e = new RequestError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`);
      return reply.code(405).header('allow', allowed.join(', ')).send({ error: e.toJSON() });
    }
    return reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `no route ${req.method} ${path}` } });
  });
  app.addHook('onRequest', rejectControlCharacters);

  // The token label of each authenticated request, for audit records (who made a waiver, …).
  const actors = new WeakMap<FastifyRequest, string>();
  // An onRequest hook: the token is checked before the body is read, so an unauthenticated
  // client cannot make the server buffer an upload.
  const requireToken = async (req: FastifyRequest) => {
    actors.set(req, auth.check(req.headers.authorization));
  };
  app.addHook('onRoute', (route) => {
    routes.add(route.url, route.method);
    const late = [route.preParsing, route.preValidation, route.preHandler].flat();
    if (late.includes(requireToken)) throw new Error(`${String(route.method)} ${route.url}: requireToken must run in onRequest, before the body is read`);
  });
  const actorOf = (req: FastifyRequest): string => {
    const actor = actors.get(req);
    // A route that asks for the actor without the requireToken hook is a bug, not a client error.
    if (actor === undefined) throw new Error(`actorOf: ${req.method} ${req.routeOptions.url} does not run requireToken`);
    return actor;
  };

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const store = await service.store.readiness();
    let policy: { ok: boolean; policyHash?: string; error?: string };
    try {
      const { policyHash } = service.policies.current().policy;
      // An invalid edit keeps the last good policy in force; say so rather than hide it.
      const stale = service.policies.staleError;
      policy = stale ? { ok: true, policyHash, error: `last edit rejected, previous policy in force: ${stale.message}` } : { ok: true, policyHash };
    } catch (e) {
      policy = { ok: false, error: (e as Error).message };
    }
    const ok = store.ok && policy.ok;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', store, policy });
  });
  app.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  const verify = (endpoint: 'verify' | 'metric') => async (req: FastifyRequest<{ Querystring: { digest: string; env: string } }>, reply: FastifyReply) => {
    const started = performance.now();
    try {
      const { decision, cached } = await service.verify(req.query.digest, req.query.env, 'on-change');
      const status = endpoint === 'metric' || decision.allow ? 200 : 403;
      metrics.decisions.inc({ env: decision.env, allow: String(decision.allow) });
      metrics.verifyRequests.inc({ endpoint, status: String(status) });
      metrics.verifyDuration.observe({ cached: String(cached) }, (performance.now() - started) / 1000);
      return reply.code(status).send(decision);
    } catch (e) {
      metrics.verifyRequests.inc({ endpoint, status: String(toErrorResponse(e).status) });
      throw e;
    }
  };
  // Argo CD hooks / Rollouts job metrics: 200 allow, 403 deny. Rollouts `web` metric: always 200.
  app.get('/v1/verify', { schema: { querystring: verifyQuery } }, verify('verify'));
  app.get('/v1/verify/metric', { schema: { querystring: verifyQuery } }, verify('metric'));

  app.post<{ Params: { digest: string }; Querystring: { kind?: string; name?: string; parent?: string | string[] } }>(
    '/v1/artifacts/:digest/evidence',
    { onRequest: requireToken, bodyLimit: opts.bodyLimitBytes },
    async (req, reply) => {
      const digest = parseDigest(req.params.digest);
      const kind = req.query.kind;
      if (!kind || !EVIDENCE_KINDS.includes(kind as EvidenceKind)) {
        throw new InputError('EVIDENCE_KIND_INVALID', `query parameter kind must be one of ${EVIDENCE_KINDS.join(', ')}`, { path: 'kind' });
      }
      const body = req.body;
      if (!(body instanceof Buffer) || body.length === 0) throw new InputError('BODY_MISSING', 'the request body must be the evidence document', { path: 'body' });
      const parents = req.query.parent === undefined ? [] : Array.isArray(req.query.parent) ? req.query.parent : [req.query.parent];
      const result = await service.ingest(digest, [{ kind: kind as EvidenceKind, bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }], {
        ...(req.query.name ? { name: req.query.name } : {}), parents,
      });
      metrics.evidenceIngested.inc({ kind });
      return reply.code(201).send(result);
    },
  );

  app.get<{ Params: { digest: string } }>('/v1/artifacts/:digest', async (req) => {
    const digest = parseDigest(req.params.digest);
    const view = await service.store.getArtifact(digest);
    if (!view) throw new StoreError('NOT_FOUND', `no artifact ${digest}`);
    return view;
  });

  app.get<{ Querystring: { digest?: string; env?: string; limit?: number } }>(
    '/v1/decisions',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { digest: { type: 'string' }, env: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } } } },
    async (req) => {
      const filter = { ...(req.query.digest ? { digest: parseDigest(req.query.digest) } : {}), ...(req.query.env ? { env: req.query.env } : {}), limit: req.query.limit ?? 100 };
      return { decisions: await service.store.listDecisions(filter) };
    },
  );

  for (const register of opts.routes ?? []) register({ app, service, metrics, requireToken, actorOf });
  return { app, metrics };
}

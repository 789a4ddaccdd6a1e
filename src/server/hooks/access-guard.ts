import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessAction } from '../../access/access-action.js';
import type { ViewSpec } from '../../access/access-view.js';
import type { AccessControl, ResourceRef } from '../../app/identity/access-control.js';
import { adminTokenPrincipal, type Principal } from '../../domain/principal.js';
import { TokenAuthenticator } from './auth.js';

const READS: ReadonlySet<AccessAction> = new Set(['verify', 'read_evidence', 'read_decisions']);
/** Answer without credentials (DESIGN "Public without credentials"); /metrics only when configured so. */
const PUBLIC = new Set(['/healthz', '/readyz']);
/**
 * Integrations that cannot send our Authorization header or hold their own credential lists:
 * Flagger puts its token in the webhook payload, the API server uses MC_ADMISSION_TOKENS. Their
 * routes authenticate the caller themselves, as narrow principals.
 */
const SELF_AUTHENTICATED = ['/v1/flagger/', '/v1/admission/'];

/** An onRequest hook (it runs before the body is read). */
export type GuardHook = (req: FastifyRequest) => Promise<void>;

export interface GuardOptions {
  /** What the URL names (path parameters, query), read before the body. */
  resource?: (req: FastifyRequest) => ResourceRef;
  /** The body names the resource: checked partially here, fully by `authorize` in the handler. */
  bodyResource?: boolean;
  /** Needs a recent WebAuthn assertion where access.yaml's step_up applies. */
  stepUp?: boolean;
}

export interface AccessGuard {
  /** The onRequest hook of a route: who may do `action` on what its URL names (checked before the body is read). */
  guard: (action: AccessAction, options?: GuardOptions) => GuardHook;
  /** The principal of this request; undefined for an anonymous read without access rules. */
  principalOf: (req: FastifyRequest) => Principal | undefined;
  /** The full check once the body named the resource (no-op without access rules: the guard decided). */
  authorize: (
    req: FastifyRequest,
    action: AccessAction,
    ref: ResourceRef,
    options?: { stepUp?: boolean },
  ) => Promise<void>;
  /** The fields of `view` this request's principal sees; undefined: all of them. */
  fields: (req: FastifyRequest, view: ViewSpec, ref: ResourceRef) => Promise<string[] | undefined>;
}

export interface AccessGuardOptions {
  /** MC_API_TOKENS: without access rules, writes need one of these, as before the rules existed. */
  apiTokens: readonly string[];
  /** Identity and access.yaml; absent (tests, or no access file): behaviour as before access rules. */
  access?: AccessControl;
  /** /metrics answers without credentials even under access rules (MC_METRICS_PUBLIC). */
  metricsPublic?: boolean;
}

/**
 * Authentication and authorization as onRequest hooks, so an unauthenticated or unauthorized
 * client never gets its body read. Without access rules (no access.yaml): reads are open and
 * writes need an MC_API_TOKENS token, exactly as before. With them: every request but the public
 * ones needs a principal (401 otherwise), each route's action is decided by the rules (403), and
 * a route that declares no action is an `admin` action. Install it before the routes.
 */
export function installAccessGuard(app: FastifyInstance, opts: AccessGuardOptions): AccessGuard {
  const legacy = new TokenAuthenticator(opts.apiTokens);
  const principals = new WeakMap<FastifyRequest, Principal>();
  const guards = new WeakSet<object>();
  const rules = () => opts.access?.policy();
  const isPublic = (req: FastifyRequest) => {
    const url = req.routeOptions.url ?? '';
    const config = (req.routeOptions.config ?? {}) as { public?: boolean };
    return PUBLIC.has(url) || config.public === true || (url === '/metrics' && opts.metricsPublic === true);
  };
  const route = (req: FastifyRequest) => `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;

  app.addHook('onRoute', (r) => {
    const late = [r.preParsing, r.preValidation, r.preHandler].flat();
    if (late.some((h) => h !== undefined && guards.has(h as object)))
      throw new Error(
        `${String(r.method)} ${r.url}: requireToken must run in onRequest, before the body is read (so must every access guard)`,
      );
    const early = [r.onRequest].flat();
    if (early.some((h) => h !== undefined && guards.has(h as object)))
      r.config = { ...(r.config as object), mcGuarded: true };
  });

  app.addHook('onRequest', async (req) => {
    const access = opts.access;
    if (access === undefined || rules() === undefined) return;
    const url = req.routeOptions.url ?? '';
    const config = (req.routeOptions.config ?? {}) as { mcGuarded?: boolean };
    if (isPublic(req) || SELF_AUTHENTICATED.some((p) => url.startsWith(p))) return;
    const principal = await access.authenticate(req.headers.authorization);
    principals.set(req, principal);
    // No route matched: the not-found handler answers 404/405 to whoever is authenticated.
    if (req.routeOptions.url === undefined) return;
    // Fail closed: a route that declares no action is an admin action.
    if (config.mcGuarded !== true) await access.authorize(principal, 'admin', {}, { route: route(req) });
  });

  const guard = (action: AccessAction, options: GuardOptions = {}): GuardHook => {
    const hook = async (req: FastifyRequest) => {
      const access = opts.access;
      if (access === undefined || rules() === undefined) {
        if (READS.has(action)) return;
        principals.set(req, adminTokenPrincipal(legacy.check(req.headers.authorization)));
        return;
      }
      if (isPublic(req)) return;
      const principal = principals.get(req);
      if (principal === undefined) throw new Error(`access guard: ${route(req)} ran before authentication`);
      const ref = options.resource?.(req) ?? {};
      const partial = options.bodyResource === true;
      await access.authorize(principal, action, ref, { partial, route: route(req) });
      if (options.stepUp && !partial) await access.requireStepUp(principal, action, ref.env);
    };
    guards.add(hook);
    return hook;
  };

  return {
    guard,
    principalOf: (req) => principals.get(req),
    authorize: async (req, action, ref, options = {}) => {
      const access = opts.access;
      if (access === undefined || rules() === undefined) return;
      const principal = principals.get(req);
      if (principal === undefined) throw new Error(`authorize: ${route(req)} has no principal`);
      await access.authorize(principal, action, ref, { route: route(req) });
      if (options.stepUp) await access.requireStepUp(principal, action, ref.env);
    },
    fields: async (req, view, ref) => opts.access?.fields(principals.get(req), view, ref),
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TokenAuthenticator } from './auth.js';

export interface TokenAuth {
  /** The onRequest hook of mutating endpoints: 401 without a token, 403 for a rejected one. */
  requireToken: (req: FastifyRequest) => Promise<void>;
  /** The token label requireToken accepted for this request. */
  actorOf: (req: FastifyRequest) => string;
}

/**
 * The bearer-token check as an onRequest hook: the token is checked before the body is read, so
 * an unauthenticated client cannot make the server buffer an upload. A route that would run it
 * in a later hook is refused when it is registered. Install it before the routes.
 */
export function installTokenAuth(app: FastifyInstance, apiTokens: readonly string[]): TokenAuth {
  const auth = new TokenAuthenticator(apiTokens);
  // The token label of each authenticated request, for audit records (who made a waiver, …).
  const actors = new WeakMap<FastifyRequest, string>();
  const requireToken = async (req: FastifyRequest) => {
    actors.set(req, auth.check(req.headers.authorization));
  };
  app.addHook('onRoute', (route) => {
    const late = [route.preParsing, route.preValidation, route.preHandler].flat();
    if (late.includes(requireToken))
      throw new Error(
        `${String(route.method)} ${route.url}: requireToken must run in onRequest, before the body is read`,
      );
  });
  const actorOf = (req: FastifyRequest): string => {
    const actor = actors.get(req);
    // A route that asks for the actor without the requireToken hook is a bug, not a client error.
    if (actor === undefined)
      throw new Error(`actorOf: ${req.method} ${req.routeOptions.url} does not run requireToken`);
    return actor;
  };
  return { requireToken, actorOf };
}

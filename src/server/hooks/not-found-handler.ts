import type { FastifyInstance } from 'fastify';
import { RequestError } from '../request-error.js';
import { RouteTable } from './route-table.js';

/**
 * A path no route takes is a 404 ROUTE_NOT_FOUND; a path asked with a method it does not take
 * is a 405 with `Allow` (RFC 9110 §15.5.6). Install it before the routes: the route table learns
 * every route registered afterwards.
 */
export function installNotFoundHandler(app: FastifyInstance): void {
  const routes = new RouteTable();
  // Thrown, not sent: the error handler gives both their status and body, as for every other error.
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = routes.allowed(path);
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      void reply.header('allow', allowed.join(', '));
      throw new RequestError(
        'METHOD_NOT_ALLOWED',
        `${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
      );
    }
    throw new RequestError('ROUTE_NOT_FOUND', `no route ${req.method} ${path}`);
  });
  app.addHook('onRoute', (route) => routes.add(route.url, route.method));
}

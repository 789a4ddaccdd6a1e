import type { FastifyRequest } from 'fastify';
import { jsonRoute } from '../json-body.js';
import { projectTo } from '../../access/access-view.js';
import { WAIVER_VIEW } from './read-views.js';
import type { RouteModule } from './route-context.js';

/**
 * The waiver API: POST/DELETE need the bearer token of every mutating endpoint, and the token's
 * label is recorded as the actor (waivers.created_by, the ledger entry); GET lists file and API
 * waivers with their status at the service's clock; GET /v1/waivers/due lists active waivers
 * expiring within `within` (default gates.yaml waivers.remind_before).
 */
export const waiverRoutes: RouteModule = ({ app, gate, waivers, guard, authorize, actorOf, fields }) => {
  const read = guard('read_decisions');
  const visible = (req: FastifyRequest) => fields(req, WAIVER_VIEW, {});
  app.get('/v1/waivers', { onRequest: read }, async (req) => {
    const shown = await visible(req);
    return { waivers: (await waivers.list()).map((w) => projectTo(w, shown)) };
  });

  app.get<{ Querystring: { within?: string } }>(
    '/v1/waivers/due',
    {
      onRequest: read,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { within: { type: 'string', maxLength: 16 } },
        },
      },
    },
    async (req) => {
      const within = req.query.within ?? waivers.remindBefore();
      const shown = await visible(req);
      return { within, waivers: (await waivers.due(within)).map((w) => projectTo(w, shown)) };
    },
  );

  app.post('/v1/waivers', jsonRoute([guard('waive', { bodyResource: true })]), async (req, reply) => {
    // A waiver applies in every environment: where step-up applies anywhere, creating one needs it.
    await authorize(req, 'waive', waiverResource(req.body), { stepUp: true });
    const created = await waivers.add(req.body, actorOf(req));
    gate.invalidate(); // our own write: the next verify re-reads the store generation
    return reply.code(201).send(created);
  });

  app.delete<{ Params: { id: string } }>(
    '/v1/waivers/:id',
    {
      onRequest: guard('waive'),
      schema: { params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 128 } } } },
    },
    async (req, reply) => {
      await waivers.remove(req.params.id, actorOf(req));
      gate.invalidate();
      return reply.code(204).send();
    },
  );
};

/** The digest a waiver request names (its team decides who may waive for it); the body is checked by the service. */
function waiverResource(body: unknown): { digest?: string } {
  const digest = (body as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' ? { digest } : {};
}

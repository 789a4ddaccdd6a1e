import { parseEventQuery, type EventQueryInput } from '../../app/event-query.js';
import { projectTo } from '../../access/access-view.js';
import { EVENT_VIEW } from './read-views.js';
import type { RouteModule } from './route-context.js';

const param = { type: 'string', maxLength: 256 } as const;

/**
 * GET /v1/events: what the watchers, revocations, tickets and integrations did, newest first
 * (`since` a duration or an ISO time, default the last 24 h; `type` comma-separated; `after` an
 * event id, for tailing). A bad parameter is a 400 EVENT_QUERY_INVALID naming it.
 */
export const eventRoutes: RouteModule = ({ app, gate, events, guard, fields }) => {
  app.get<{ Querystring: EventQueryInput }>(
    '/v1/events',
    {
      onRequest: guard('read_decisions', { resource: (req) => req.query as { digest?: string; env?: string } }),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            since: param,
            until: param,
            digest: param,
            type: param,
            env: param,
            workload: param,
            cause: param,
            limit: param,
            after: param,
          },
        },
      },
    },
    async (req) => {
      const filter = parseEventQuery(req.query, gate.clock());
      const visible = await fields(req, EVENT_VIEW, { digest: filter.digest, env: filter.env });
      return { since: filter.since, events: (await events.list(filter)).map((e) => projectTo(e, visible)) };
    },
  );
};

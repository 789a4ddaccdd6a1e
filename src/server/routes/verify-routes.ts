import type { FastifyReply, FastifyRequest } from 'fastify';
import { summarizeDecision, WORKLOAD } from '../../app/workload-event.js';
import { toErrorResponse } from '../error-response.js';
import { metricErrorHandler } from './metric-error-handler.js';
import type { RouteModule } from './route-context.js';

const LABEL = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';

const verifyQuery = {
  type: 'object',
  required: ['digest', 'env'],
  additionalProperties: false,
  properties: {
    digest: { type: 'string', maxLength: 100 },
    env: { type: 'string', minLength: 1, maxLength: 64 },
    // The rollout this call is made for (`namespace/name`), its step and analysis run: recorded as a
    // `verify` event so `mc rollout-status` shows the chain. Recording needs the bearer token.
    workload: { type: 'string', maxLength: 317, pattern: WORKLOAD.source },
    step: { type: 'string', pattern: LABEL },
    run: { type: 'string', pattern: LABEL },
  },
} as const;

interface VerifyQuery {
  digest: string;
  env: string;
  workload?: string;
  step?: string;
  run?: string;
}
type VerifyRequest = FastifyRequest<{ Querystring: VerifyQuery }>;

/**
 * GET /v1/verify — Argo CD hooks, Rollouts job metrics: 200 allow, 403 deny — and
 * GET /v1/verify/metric — the Rollouts `web` metric: always 200, the decision says which (an
 * error too: metricErrorHandler answers it as a 200 with `allow: false`).
 * With `workload=ns/name` (and optionally `step`, `run`) the answer is also recorded as a `verify`
 * event of that workload; a record is a write, so it takes the bearer token of every write.
 */
export const verifyRoutes: RouteModule = ({
  app,
  gate,
  metrics,
  events,
  requireToken,
  actorOf,
  guard,
  principalOf,
}) => {
  const onRequest = guard('verify', { resource: (req) => req.query as { digest?: string; env?: string } });
  const verify = (endpoint: 'verify' | 'metric') => async (req: VerifyRequest, reply: FastifyReply) => {
    const started = performance.now();
    try {
      const { workload, step, run } = req.query;
      // Checked before deciding: an anonymous caller cannot write into a rollout's chain.
      if (workload !== undefined && principalOf(req) === undefined) await requireToken(req);
      const { decision, cached } = await gate.verify(
        req.query.digest,
        req.query.env,
        'on-change',
        principalOf(req)?.label, // the recorded decision's ledger entry names who asked (`mc` for anonymous)
      );
      const status = endpoint === 'metric' || decision.allow ? 200 : 403;
      if (workload !== undefined)
        await events.record([
          {
            type: 'verify',
            workload,
            env: decision.env,
            digest: decision.digest,
            cause: endpoint,
            details: {
              ...summarizeDecision(decision),
              ...(step ? { step } : {}),
              ...(run ? { run } : {}),
              principal: actorOf(req),
            },
          },
        ]);
      metrics.decisions.inc({ env: decision.env, allow: String(decision.allow) });
      metrics.verifyRequests.inc({ endpoint, status: String(status) });
      metrics.verifyDuration.observe({ cached: String(cached) }, (performance.now() - started) / 1000);
      return reply.code(status).send(decision);
    } catch (e) {
      // The metric route's failures are answered (and counted) by metricErrorHandler, as 200s.
      if (endpoint === 'verify') metrics.verifyRequests.inc({ endpoint, status: String(toErrorResponse(e).status) });
      throw e;
    }
  };
  app.get<{ Querystring: VerifyQuery }>(
    '/v1/verify',
    { onRequest, schema: { querystring: verifyQuery } },
    verify('verify'),
  );
  app.get<{ Querystring: VerifyQuery }>(
    '/v1/verify/metric',
    { onRequest, schema: { querystring: verifyQuery }, errorHandler: metricErrorHandler(metrics) },
    verify('metric'),
  );
};

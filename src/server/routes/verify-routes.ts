import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../error-response.js';
import type { RouteModule } from './route-context.js';

const verifyQuery = {
  type: 'object',
  required: ['digest', 'env'],
  additionalProperties: false,
  properties: { digest: { type: 'string', maxLength: 100 }, env: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

type VerifyRequest = FastifyRequest<{ Querystring: { digest: string; env: string } }>;

/**
 * GET /v1/verify — Argo CD hooks, Rollouts job metrics: 200 allow, 403 deny — and
 * GET /v1/verify/metric — the Rollouts `web` metric: always 200, the decision says which.
 */
export const verifyRoutes: RouteModule = ({ app, gate, metrics }) => {
  const verify = (endpoint: 'verify' | 'metric') => async (req: VerifyRequest, reply: FastifyReply) => {
    const started = performance.now();
    try {
      const { decision, cached } = await gate.verify(req.query.digest, req.query.env, 'on-change');
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
  app.get('/v1/verify', { schema: { querystring: verifyQuery } }, verify('verify'));
  app.get('/v1/verify/metric', { schema: { querystring: verifyQuery } }, verify('metric'));
};

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../error-response.js';
import type { ServerMetrics } from '../metrics.js';

/**
 * The error handler of GET /v1/verify/metric, the Argo Rollouts `web` metric. That provider
 * reads any non-2xx answer as a measurement Error (retried, never a Failed check) and hands a
 * body that is not JSON to the condition as a plain string (metricproviders/webmetric). So a
 * failure of any kind — bad input, an unknown environment, a rejected token, a store that does
 * not answer — is a 200 whose JSON object says `allow: false` and carries the error in the one
 * error shape: `result.allow == true` is false and the measurement is Failed, fail closed.
 */
export function metricErrorHandler(metrics: ServerMetrics) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { body, internal } = toErrorResponse(err);
    if (internal) req.log.error({ err }, 'internal error');
    metrics.verifyRequests.inc({ endpoint: 'metric', status: '200' });
    void reply.code(200).send({ allow: false, ...body });
  };
}

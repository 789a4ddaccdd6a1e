import type { FastifyRequest } from 'fastify';
import { readEnvelope, readRequest } from '../../delivery/admission-request.js';
import { admissionReviewResponse, type AdmissionAnswer } from '../../delivery/admission-response.js';
import { InputError } from '../../domain/errors.js';
import { toErrorResponse } from '../error-response.js';
import { requireJsonContentType } from '../json-body.js';
import { RequestError } from '../request-error.js';
import { BODY_LIMITS } from '../server-limits.js';
import type { RouteModule } from './route-context.js';

const admissionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { env: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/**
 * The environment as the last path segment, `/v1/admission/validate/prod`: the form a
 * ValidatingWebhookConfiguration can carry. The API server refuses a query string in a webhook's
 * service path (each segment must be a DNS-1123 subdomain) and in its url, so `?env=` serves
 * direct callers and tests only.
 */
const admissionParams = {
  type: 'object',
  properties: { env: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** The path's environment, else the query's; both given and different is a contradiction, not a choice. */
function urlEnvironment(pathEnv: string | undefined, queryEnv: string | undefined): string | undefined {
  if (pathEnv !== undefined && queryEnv !== undefined && pathEnv !== queryEnv)
    throw new InputError('ENVIRONMENT_CONFLICT', `the path says environment ${pathEnv}, ?env= says ${queryEnv}`, {
      path: 'env',
    });
  return pathEnv ?? queryEnv;
}

/**
 * preValidation: the AdmissionReview body is read with JSON.parse, not the strict reader of the
 * other JSON routes. A Kubernetes object may legitimately hold any character in its strings (an
 * environment variable's value with a carriage return, an escape sequence in an annotation),
 * which the strict reader refuses; refusing them here would fail the API server's call and, under
 * failurePolicy Fail, block the workload for a reason that has nothing to do with its images.
 * Duplicate member names, the strict reader's other concern, cannot come from the API server,
 * which serializes the object it decoded itself (and, like JSON.parse, keeps the last one).
 */
const parseAdmissionBody = async (req: FastifyRequest): Promise<void> => {
  const body = req.body;
  if (!(body instanceof Buffer) || body.length === 0)
    throw new RequestError('BODY_MISSING', 'the request body must be an AdmissionReview', { path: '/' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch (cause) {
    throw new RequestError('JSON_INVALID_UTF8', 'the body is not valid UTF-8', { path: '/', cause });
  }
  try {
    req.body = JSON.parse(text);
  } catch (cause) {
    // JSON.parse's message quotes the input; the client's own bytes are not echoed back.
    throw new RequestError('MALFORMED_JSON', 'the body is not JSON', { path: '/', cause });
  }
};

/**
 * POST /v1/admission/validate[/<env>][?env=] — the Kubernetes ValidatingAdmissionWebhook. The bearer token
 * (the API server's admission kubeconfig) is checked before the body is read. A body without a
 * readable envelope (kind, apiVersion, request.uid) is a 4xx in the one error shape; everything
 * after that is answered as an AdmissionReview with HTTP 200 and the verdict inside, including
 * what mc cannot judge (allowed: false, with the status code and message of the error).
 */
export const admissionRoutes: RouteModule = ({ app, admission, admissionAuth, metrics }) => {
  app.post<{ Querystring: { env?: string }; Params: { env?: string } }>(
    '/v1/admission/validate/:env?',
    {
      bodyLimit: BODY_LIMITS.admission,
      onRequest: [admissionAuth.requireToken, requireJsonContentType],
      preValidation: parseAdmissionBody,
      schema: { querystring: admissionQuery, params: admissionParams },
    },
    async (req, reply) => {
      const envelope = readEnvelope(req.body);
      let answer: AdmissionAnswer;
      try {
        const outcome = await admission.review(
          readRequest(req.body, envelope),
          urlEnvironment(req.params.env, req.query.env),
          admissionAuth.principalOf(req).label,
        );
        if (outcome.env !== undefined) metrics.decisions.inc({ env: outcome.env, allow: String(outcome.allowed) });
        answer = outcome;
      } catch (e) {
        const { status, body, internal } = toErrorResponse(e);
        if (internal) req.log.error({ err: e }, 'admission review failed');
        answer = {
          allowed: false,
          code: status,
          message: `mc cannot judge this request: ${body.error.code}: ${body.error.message}`,
          warnings: [],
        };
      }
      metrics.verifyRequests.inc({ endpoint: 'admission', status: '200' });
      return reply.code(200).send(admissionReviewResponse(envelope, answer));
    },
  );
};

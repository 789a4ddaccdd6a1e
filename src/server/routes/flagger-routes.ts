import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerFlaggerHook, holdMessage } from '../../app/flagger-hook.js';
import {
  FLAGGER_HOOKS,
  FlaggerError,
  type FlaggerHook,
  hookDigest,
  hookEnvironment,
  parseFlaggerPayload,
} from '../../delivery/flagger-payload.js';
import { jsonRoute } from '../json-body.js';
import type { RouteModule } from './route-context.js';

const hookQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { env: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

type HookRequest = FastifyRequest<{ Querystring: { env?: string } }>;

/** `metadata.token` when the body has that shape; the payload is checked properly once the caller is known. */
function metadataToken(body: unknown): string | undefined {
  const metadata = (body as { metadata?: unknown } | null)?.metadata;
  const token = typeof metadata === 'object' && metadata !== null ? (metadata as { token?: unknown }).token : undefined;
  return typeof token === 'string' ? token : undefined;
}

/**
 * POST /v1/flagger/<hook>?env=<env> — Flagger's webhooks (docs/gitbook/usage/webhooks.md), one
 * route per hook type, answered with Flagger's semantics (Flagger reads 200–202 as success):
 * - gating hooks (confirm-rollout, pre-rollout, rollout, confirm-traffic-increase,
 *   confirm-promotion): 200 when the decision for metadata.digest allows it, else 403 with the
 *   decision JSON (Flagger logs the body with the failed check); no digest → 403 DIGEST_UNRESOLVED;
 * - rollback: 200 (roll back) when the decision denies on an enforce gate — an unknown or revoked
 *   digest, or none at all, included — else 409 ROLLBACK_NOT_SIGNALLED with what was checked;
 * - post-rollout, event: recorded, 200.
 * Input errors are 4xx, never 5xx: Flagger retries 5xx answers, and a 4xx says what to fix.
 */
export const flaggerRoutes: RouteModule = ({ app, gate, events, flaggerAuth, metrics }) => {
  const handle = (hook: FlaggerHook) => async (req: HookRequest, reply: FastifyReply) => {
    // Authenticate before saying anything about the payload beyond "not JSON".
    const principal = flaggerAuth.authenticate(req.headers.authorization, metadataToken(req.body));
    const payload = parseFlaggerPayload(req.body);
    const env = hookEnvironment(req.query.env, payload);
    const digest = hookDigest(payload);
    const answer = await answerFlaggerHook(
      { gate, events },
      { hook, payload, env, ...(digest ? { digest } : {}), principal },
    );
    if (answer.decision) metrics.decisions.inc({ env: answer.env, allow: String(answer.decision.allow) });
    switch (answer.outcome) {
      case 'halt':
        if (answer.decision) return reply.code(403).send(answer.decision);
        throw new FlaggerError('DIGEST_UNRESOLVED', answer.reasons[0]!.message, { path: 'metadata.digest' });
      case 'hold':
        // Any status above 202 reads as "no rollback" to Flagger; 409 says why to a person.
        throw new FlaggerError('ROLLBACK_NOT_SIGNALLED', holdMessage(answer));
      default:
        return reply.code(200).send(answer);
    }
  };
  for (const hook of FLAGGER_HOOKS)
    app.post<{ Querystring: { env?: string } }>(
      `/v1/flagger/${hook}`,
      { ...jsonRoute(), schema: { querystring: hookQuery } },
      handle(hook),
    );
};

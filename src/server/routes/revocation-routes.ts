import type { RevocationInput } from '../../app/revocation-service.js';
import { RevocationError } from '../../domain/revocation-error.js';
import { jsonRoute } from '../json-body.js';
import { projectTo } from '../../access/access-view.js';
import { LINEAGE_VIEW } from './read-views.js';
import type { RouteModule } from './route-context.js';

const FIELDS = new Set(['digest', 'env', 'reason']);

/**
 * Revocation and lineage: POST /v1/revocations {digest, env?, reason} revokes (201; 200 when it
 * was revoked already), DELETE /v1/revocations/{digest}?reason=…[&env=…] reinstates (200, the
 * changes; none when nothing was revoked), GET /v1/lineage/{digest} reports ancestors and
 * descendants with their promotable state. The token's label is recorded as the actor.
 */
export const revocationRoutes: RouteModule = ({ app, gate, revocations, guard, authorize, actorOf, fields }) => {
  app.post('/v1/revocations', jsonRoute([guard('revoke', { bodyResource: true })]), async (req, reply) => {
    const { digest, env } = (req.body ?? {}) as { digest?: unknown; env?: unknown };
    await authorize(req, 'revoke', {
      ...(typeof digest === 'string' ? { digest } : {}),
      ...(typeof env === 'string' ? { env } : {}),
    });
    const result = await revocations.revoke(revocationBody(req.body), actorOf(req));
    gate.invalidate(); // our own write: the next verify re-reads the store generation
    return reply.code(result.changed ? 201 : 200).send(result);
  });

  app.delete<{ Params: { digest: string }; Querystring: { env?: string; reason?: string } }>(
    '/v1/revocations/:digest',
    {
      // Reinstating lets a digest deploy again: in step-up environments it needs a fresh assertion.
      onRequest: guard('revoke', {
        stepUp: true,
        resource: (req) => {
          const { params, query } = req as unknown as { params: { digest: string }; query: { env?: string } };
          return { digest: params.digest, ...(query.env !== undefined ? { env: query.env } : {}) };
        },
      }),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { env: { type: 'string', maxLength: 128 }, reason: { type: 'string', maxLength: 4096 } },
        },
      },
    },
    async (req) => {
      const { env, reason } = req.query;
      const result = await revocations.reinstate(
        { digest: req.params.digest, ...(env !== undefined ? { env } : {}), reason },
        actorOf(req),
      );
      gate.invalidate();
      return result;
    },
  );

  app.get<{ Params: { digest: string } }>(
    '/v1/lineage/:digest',
    {
      onRequest: guard('read_decisions', {
        resource: (req) => ({ digest: (req.params as { digest: string }).digest }),
      }),
    },
    async (req) => {
      const report = await revocations.lineage(req.params.digest);
      return projectTo(report, await fields(req, LINEAGE_VIEW, { digest: req.params.digest }));
    },
  );
};

/** The POST body: an object with digest, reason and optionally env; anything else is named. */
function revocationBody(body: unknown): RevocationInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RevocationError('REVOCATION_INVALID', 'the body must be an object {digest, env?, reason}', { path: '/' });
  const extra = Object.keys(body).find((k) => !FIELDS.has(k));
  if (extra !== undefined)
    throw new RevocationError('REVOCATION_INVALID', `unknown field ${JSON.stringify(extra.slice(0, 64))}`, {
      path: `/${extra.slice(0, 64)}`,
    });
  return body as RevocationInput;
}

import { parseDigest } from '../../domain/digest.js';
import { StoreError } from '../../store/store-error.js';
import type { RouteModule } from './route-context.js';

const decisionsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    digest: { type: 'string' },
    env: { type: 'string' },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

/** GET /v1/artifacts/:digest (what is stored about it; 404 if never seen) and GET /v1/decisions (newest first). */
export const artifactRoutes: RouteModule = ({ app, gate }) => {
  app.get<{ Params: { digest: string } }>('/v1/artifacts/:digest', async (req) => {
    const digest = parseDigest(req.params.digest);
    const view = await gate.getArtifact(digest);
    if (!view) throw new StoreError('NOT_FOUND', `no artifact ${digest}`);
    return view;
  });

  app.get<{ Querystring: { digest?: string; env?: string; limit?: number } }>(
    '/v1/decisions',
    { schema: { querystring: decisionsQuery } },
    async (req) => {
      const filter = {
        ...(req.query.digest ? { digest: parseDigest(req.query.digest) } : {}),
        ...(req.query.env ? { env: req.query.env } : {}),
        limit: req.query.limit ?? 100,
      };
      return { decisions: await gate.listDecisions(filter) };
    },
  );
};

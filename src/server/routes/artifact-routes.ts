import { parseDigest } from '../../domain/digest.js';
import { StoreError } from '../../store/store-error.js';
import { project, type ViewSpec } from '../../access/access-view.js';
import type { RouteModule } from './route-context.js';

/** What each field of an artifact needs: its evidence is read_evidence, the rest read_decisions. */
export const ARTIFACT_VIEW: ViewSpec = {
  name: 'artifact',
  fields: {
    digest: 'read_decisions',
    name: 'read_decisions',
    createdAt: 'read_decisions',
    parents: 'read_decisions',
    children: 'read_decisions',
    revocations: 'read_decisions',
    evidence: 'read_evidence',
  },
};

/** A recorded decision: every field is read_decisions; access.yaml's views narrow it per role. */
export const DECISION_VIEW: ViewSpec = {
  name: 'decision',
  fields: Object.fromEntries(
    [
      'id',
      'allow',
      'digest',
      'env',
      'profile',
      'policyHash',
      'accessPolicyHash',
      'evaluatedAt',
      'gates',
      'source',
      'enforcement',
    ].map((f) => [f, 'read_decisions']),
  ),
};

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
export const artifactRoutes: RouteModule = ({ app, gate, guard, fields }) => {
  const byDigest = (req: { params: unknown }) => ({ digest: (req.params as { digest: string }).digest });
  app.get<{ Params: { digest: string } }>(
    '/v1/artifacts/:digest',
    { onRequest: guard('read_decisions', { resource: byDigest }) },
    async (req) => {
      const digest = parseDigest(req.params.digest);
      const view = await gate.getArtifact(digest);
      if (!view) throw new StoreError('NOT_FOUND', `no artifact ${digest}`);
      // Projected: the answer is built from the fields this principal may see.
      const visible = await fields(req, ARTIFACT_VIEW, { digest });
      return visible ? project(view, visible) : view;
    },
  );

  app.get<{ Querystring: { digest?: string; env?: string; limit?: number } }>(
    '/v1/decisions',
    {
      onRequest: guard('read_decisions', { resource: (req) => req.query as { digest?: string; env?: string } }),
      schema: { querystring: decisionsQuery },
    },
    async (req) => {
      const filter = {
        ...(req.query.digest ? { digest: parseDigest(req.query.digest) } : {}),
        ...(req.query.env ? { env: req.query.env } : {}),
        limit: req.query.limit ?? 100,
      };
      const decisions = await gate.listDecisions(filter);
      const visible = await fields(req, DECISION_VIEW, filter);
      return { decisions: visible ? decisions.map((d) => project(d, visible)) : decisions };
    },
  );
};

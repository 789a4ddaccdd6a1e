import { parseDigest } from '../../domain/digest.js';
import { InputError } from '../../domain/errors.js';
import { RequestError } from '../request-error.js';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../domain/evidence.js';
import { projectTo } from '../../access/access-view.js';
import { INGEST_VIEW } from './read-views.js';
import type { RouteModule } from './route-context.js';

type EvidenceQuery = { kind?: string; name?: string; parent?: string | string[] };

/**
 * POST /v1/artifacts/:digest/evidence?kind=…[&name=…][&parent=…]: the body is the evidence
 * document as bytes, of any media type, up to MC_BODY_LIMIT; the token is checked before it is read.
 */
export const evidenceRoutes: RouteModule = ({ app, gate, metrics, guard, actorOf, fields, evidenceBodyLimit }) => {
  // The artifact's team comes from its stored names and the name this upload gives it.
  const onRequest = guard('ingest', {
    resource: (req) => {
      const { params, query } = req as unknown as { params: { digest: string }; query: EvidenceQuery };
      return { digest: params.digest, ...(typeof query.name === 'string' ? { name: query.name } : {}) };
    },
  });
  app.post<{ Params: { digest: string }; Querystring: EvidenceQuery }>(
    '/v1/artifacts/:digest/evidence',
    { onRequest, bodyLimit: evidenceBodyLimit },
    async (req, reply) => {
      const digest = parseDigest(req.params.digest);
      const kind = req.query.kind;
      if (!kind || !EVIDENCE_KINDS.includes(kind as EvidenceKind)) {
        throw new InputError(
          'EVIDENCE_KIND_INVALID',
          `query parameter kind must be one of ${EVIDENCE_KINDS.join(', ')}`,
          { path: 'kind' },
        );
      }
      const body = req.body;
      if (!(body instanceof Buffer) || body.length === 0)
        throw new RequestError('BODY_MISSING', 'the request body must be the evidence document', { path: 'body' });
      const parents =
        req.query.parent === undefined ? [] : Array.isArray(req.query.parent) ? req.query.parent : [req.query.parent];
      const result = await gate.ingest(
        digest,
        [{ kind: kind as EvidenceKind, bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }],
        {
          ...(req.query.name ? { name: req.query.name } : {}),
          parents,
          actor: actorOf(req),
        },
      );
      metrics.evidenceIngested.inc({ kind });
      // What was stored about the evidence is an evidence read: without read_evidence, only the digest.
      const visible = await fields(req, INGEST_VIEW, { digest, ...(req.query.name ? { name: req.query.name } : {}) });
      return reply.code(201).send(projectTo(result, visible));
    },
  );
};

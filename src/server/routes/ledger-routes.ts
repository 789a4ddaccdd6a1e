import { checkpointToJson } from '../../ledger/checkpoint-json.js';
import { consistencyProofToJson, inclusionProofToJson } from '../../ledger/proof-json.js';
import { rotationEntryFromBody } from '../../ledger/rotation-attestation.js';
import { jsonRoute } from '../json-body.js';
import { AccessError } from '../../access/access-error.js';
import { projectTo } from '../../access/access-view.js';
import { CHECKPOINT_VIEW, CONSISTENCY_PROOF_VIEW, INCLUSION_PROOF_VIEW } from './read-views.js';
import type { RouteModule } from './route-context.js';

const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const proofQuery = {
  type: 'object',
  required: ['index'],
  additionalProperties: false,
  properties: { index: uint, treeSize: uint },
} as const;
const consistencyQuery = {
  type: 'object',
  required: ['from'],
  additionalProperties: false,
  properties: { from: uint, to: uint },
} as const;

/** GET /v1/ledger/{checkpoint,proof,consistency}, POST /v1/attestations/rotation (rotatedAt from the gate's clock). */
export const ledgerRoutes: RouteModule = ({ app, gate, ledger, guard, actorOf, fields }) => {
  const onRequest = guard('read_decisions');
  // The C2SP signed note as text; ?format=json adds the parsed fields.
  app.get<{ Querystring: { format?: 'note' | 'json' } }>(
    '/v1/ledger/checkpoint',
    {
      onRequest,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { enum: ['note', 'json'] } },
        },
      },
    },
    async (req, reply) => {
      const cp = await ledger.latest();
      const visible = await fields(req, CHECKPOINT_VIEW, {});
      if (req.query.format === 'json') return projectTo(checkpointToJson(cp), visible);
      // The text format is the note itself: a view without it gets no note, not an empty one.
      if (visible !== undefined && !visible.includes('note'))
        throw new AccessError('ACCESS_DENIED', 'this principal does not see the checkpoint note; ask ?format=json');
      return reply.type('text/plain; charset=utf-8').send(cp.note);
    },
  );

  app.get<{ Querystring: { index: number; treeSize?: number } }>(
    '/v1/ledger/proof',
    { onRequest, schema: { querystring: proofQuery } },
    async (req) =>
      projectTo(
        inclusionProofToJson(await ledger.inclusionProof(req.query.index, req.query.treeSize)),
        await fields(req, INCLUSION_PROOF_VIEW, {}),
      ),
  );

  app.get<{ Querystring: { from: number; to?: number } }>(
    '/v1/ledger/consistency',
    { onRequest, schema: { querystring: consistencyQuery } },
    async (req) =>
      projectTo(
        consistencyProofToJson(await ledger.consistencyProof(req.query.from, req.query.to)),
        await fields(req, CONSISTENCY_PROOF_VIEW, {}),
      ),
  );

  app.post('/v1/attestations/rotation', jsonRoute([guard('admin')]), async (req, reply) => {
    // The attestation's actor is the caller's label, not a field of the body.
    const entry = rotationEntryFromBody(req.body, gate.clock(), actorOf(req));
    const appended = await ledger.append([entry]);
    return reply.code(201).send({ leafIdx: appended.firstIndex, treeSize: appended.size, entry });
  });
};

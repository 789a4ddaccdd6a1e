import { LedgerService } from '../../app/ledger-service.js';
import { LedgerStore } from '../../store/ledger-store.js';
import type { ReleaseStore } from '../../store/release-store.js';
import { checkpointToJson } from '../../ledger/checkpoint-json.js';
import type { NoteVerifier } from '../../ledger/note-key.js';
import { consistencyProofToJson, inclusionProofToJson } from '../../ledger/proof-json.js';
import { rotationEntryFromBody } from '../../ledger/rotation-attestation.js';
import { jsonRoute } from '../json-body.js';
import type { RouteContext, RouteModule } from './route-context.js';

export interface LedgerRouteOptions {
  /** Defaults to the gate service's clock (the one `mc serve` injects). */
  clock?: () => Date;
  /**
   * The installation's vkeys (`.mc/ledger.vkeys`). With them a stored checkpoint is checked
   * before it is served, so a note altered in the database is refused instead of passed on;
   * without them it is served as stored, only parsed: clients verify it with the vkey.
   * The routes never sign (the schedule does), so they take no private key.
   */
  verifiers?: readonly NoteVerifier[];
}

const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const proofQuery = { type: 'object', required: ['index'], additionalProperties: false, properties: { index: uint, treeSize: uint } } as const;
const consistencyQuery = { type: 'object', required: ['from'], additionalProperties: false, properties: { from: uint, to: uint } } as const;
/** GET /v1/ledger/{checkpoint,proof,consistency}, POST /v1/attestations/rotation. */
export function ledgerRoutes(options: LedgerRouteOptions = {}): RouteModule {
  return ({ app, service, requireToken }: RouteContext) => {
    const clock = options.clock ?? service.clock;
    const ledger = new LedgerService(service.store, new LedgerStore((service.store as ReleaseStore).engine.db), { verifiers: options.verifiers ?? [] }, clock);

    // The C2SP signed note as text; ?format=json adds the parsed fields.
    app.get<{ Querystring: { format?: 'note' | 'json' } }>(
      '/v1/ledger/checkpoint',
      { schema: { querystring: { type: 'object', additionalProperties: false, properties: { format: { enum: ['note', 'json'] } } } } },
      async (req, reply) => {
        const cp = await ledger.latest();
        if (req.query.format === 'json') return checkpointToJson(cp);
        return reply.type('text/plain; charset=utf-8').send(cp.note);
      },
    );

    app.get<{ Querystring: { index: number; treeSize?: number } }>('/v1/ledger/proof', { schema: { querystring: proofQuery } }, async (req) =>
      inclusionProofToJson(await ledger.inclusionProof(req.query.index, req.query.treeSize)),
    );

    app.get<{ Querystring: { from: number; to?: number } }>('/v1/ledger/consistency', { schema: { querystring: consistencyQuery } }, async (req) =>
      consistencyProofToJson(await ledger.consistencyProof(req.query.from, req.query.to)),
    );

    app.post('/v1/attestations/rotation', jsonRoute([requireToken]), async (req, reply) => {
      const entry = rotationEntryFromBody(req.body, clock());
      const appended = await ledger.append([entry]);
      return reply.code(201).send({ leafIdx: appended.firstIndex, treeSize: appended.size, entry });
    });
  };
}

import { LedgerService } from '../../app/ledger-service.js';
import { InputError } from '../../domain/errors.js';
import { encodeLedgerEntry, type LedgerEntry } from '../../ledger/ledger-entry.js';
import type { NoteSigner, NoteVerifier } from '../../ledger/note-key.js';
import { consistencyProofToJson, inclusionProofToJson } from '../../ledger/proof-json.js';
import type { RouteContext, RouteModule } from './route-context.js';

export interface LedgerRouteOptions {
  clock?: () => Date;
  /** Without keys the routes serve stored checkpoints as they are (clients verify them). */
  keys?: { signer?: NoteSigner; verifiers: readonly NoteVerifier[] };
}

const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const proofQuery = { type: 'object', required: ['index'], additionalProperties: false, properties: { index: uint, treeSize: uint } } as const;
const consistencyQuery = { type: 'object', required: ['from'], additionalProperties: false, properties: { from: uint, to: uint } } as const;
const MAX_ATTESTATION_BYTES = 64 * 1024;

/**
 * Parses a rotation attestation body (attacker-controlled JSON): exact keys, then the ledger
 * entry schema and the secret-like guard (issue 6 §5: names of rotated items, never values).
 */
export function rotationEntryFromBody(body: unknown, now: Date): LedgerEntry {
  if (!(body instanceof Buffer) || body.length === 0) throw new InputError('BODY_MISSING', 'the body must be a JSON rotation attestation', { path: 'body' });
  if (body.length > MAX_ATTESTATION_BYTES) throw new InputError('BODY_TOO_LARGE', `a rotation attestation is at most ${MAX_ATTESTATION_BYTES} bytes`, { kind: 'too-large', path: 'body' });
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError('MALFORMED_JSON', 'the body is not JSON', { path: 'body' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError('ATTESTATION_INVALID', 'the body must be a JSON object', { kind: 'invalid', path: '/' });
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['subject', 'items', 'rotatedAt', 'actor'].includes(k)) throw new InputError('ATTESTATION_INVALID', `unexpected field ${JSON.stringify(k).slice(0, 80)}`, { kind: 'invalid', path: `/${k}` });
  }
  const at = now.toISOString();
  return rotationEntry({ subject: o.subject, items: o.items, rotatedAt: o.rotatedAt ?? at, actor: o.actor ?? o.subject }, at);
}

/** Builds and validates a rotation entry (shared by the CLI and the HTTP route). */
export function rotationEntry(input: { subject: unknown; items: unknown; rotatedAt: unknown; actor: unknown }, at: string): LedgerEntry {
  const entry = { v: 1, type: 'rotation', at, actor: input.actor, payload: { subject: input.subject, items: input.items, rotatedAt: input.rotatedAt } } as unknown as LedgerEntry;
  return encodeLedgerEntry(entry).entry; // ENTRY_INVALID / SECRET_LIKE_VALUE with the field's path
}

/** GET /v1/ledger/{checkpoint,proof,consistency}, POST /v1/attestations/rotation. */
export function ledgerRoutes(options: LedgerRouteOptions = {}): RouteModule {
  const clock = options.clock ?? (() => new Date());
  return ({ app, service, requireToken }: RouteContext) => {
    const ledger = new LedgerService(service.store, options.keys ?? { verifiers: [] }, clock);

    // The C2SP signed note as text; ?format=json adds the parsed fields.
    app.get<{ Querystring: { format?: 'note' | 'json' } }>(
      '/v1/ledger/checkpoint',
      { schema: { querystring: { type: 'object', additionalProperties: false, properties: { format: { enum: ['note', 'json'] } } } } },
      async (req, reply) => {
        const cp = await ledger.latest();
        if (req.query.format === 'json') {
          return { origin: cp.checkpoint.origin, treeSize: cp.checkpoint.size, root: Buffer.from(cp.checkpoint.rootHash).toString('base64'), keyId: cp.keyId, createdAt: cp.createdAt, note: cp.note };
        }
        return reply.type('text/plain; charset=utf-8').send(cp.note);
      },
    );

    app.get<{ Querystring: { index: number; treeSize?: number } }>('/v1/ledger/proof', { schema: { querystring: proofQuery } }, async (req) =>
      inclusionProofToJson(await ledger.inclusionProof(req.query.index, req.query.treeSize)),
    );

    app.get<{ Querystring: { from: number; to?: number } }>('/v1/ledger/consistency', { schema: { querystring: consistencyQuery } }, async (req) =>
      consistencyProofToJson(await ledger.consistencyProof(req.query.from, req.query.to)),
    );

    app.post('/v1/attestations/rotation', { preHandler: requireToken }, async (req, reply) => {
      const entry = rotationEntryFromBody(req.body, clock());
      const appended = await ledger.append([entry]);
      return reply.code(201).send({ leafIdx: appended.firstIndex, treeSize: appended.size, entry });
    });
  };
}

import type { Kysely } from 'kysely';
import type { Digest } from '../domain/digest.js';
import type { ReinstateRequest, RevocationRequest, RevokeRequest } from '../domain/revocation.js';
import { RevocationError } from '../domain/revocation-error.js';
import { type LineageEdge, walkLineage } from '../graph/lineage-walk.js';
import type { RecordedChange } from './revocation-effects.js';
import { lineageScope } from './revocation-propagation.js';
import {
  ALL_ENVS,
  activeRows,
  childEdges,
  inChunks,
  insertRows,
  type NewRevocationRow,
  type RevocationRow,
  toRevocation,
} from './revocation-rows.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** A row as the batch sees it: stored already (`id` its key) or written by this batch (`key` past every id). */
interface Slot {
  key: number;
  row: RevocationRow;
  stored: boolean;
  /** For a row of this batch propagated from a row of this batch: the root's slot. */
  root?: Slot;
  ended?: { ended_by: string; end_reason: string };
}

/** Keys of rows written by this batch: above any id either engine hands out, in the order written. */
const NEW_KEYS = 2 ** 52;

const scopeOf = (cause: string, advisory?: string): string => `${cause}:${advisory ?? ''}`;
/** PostgreSQL refuses U+0000 in text: a watcher's reason (advisory text) must not fail one engine only. */
const storable = (text: string): string => text.replaceAll('\u0000', '\ufffd');
const activeKey = (digest: string, env: string, scope: string) => `${digest}\u0000${env}\u0000${scope}`;

/**
 * Applies the requests inside the caller's transaction with the same outcome as applying them one
 * at a time — the same rows (in the same id order), the same changes in the same order — but with
 * set-based reads: the artifacts, the active rows and the lineage below every revoked digest are
 * read once for the whole batch, each request is decided in memory against what the requests
 * before it did, then the ended rows are updated and the new rows inserted, many per statement.
 */
export async function applyBatch(db: Db, requests: readonly RevocationRequest[], now: string) {
  const revokes = requests.filter((r): r is RevokeRequest => r.action === 'revoke');
  const reinstates = requests.filter((r): r is ReinstateRequest => r.action === 'reinstate');
  await requireKnown(db, revokes);
  const children = await descendantEdges(
    db,
    revokes.map((r) => r.digest),
  );
  const state = new BatchState(await storedRows(db, revokes, reinstates));
  const recorded: RecordedChange[] = [];
  for (const req of requests)
    recorded.push(...(req.action === 'revoke' ? await state.revoke(req, now, children) : state.reinstate(req)));
  await state.write(db, now);
  return recorded;
}

/** The first revoke request (in order) of a digest the store does not know fails the whole batch. */
async function requireKnown(db: Db, revokes: readonly RevokeRequest[]): Promise<void> {
  if (revokes.length === 0) return;
  const known = new Set(
    (
      await inChunks([...new Set(revokes.map((r) => r.digest))], (part) =>
        db.selectFrom('artifacts').select('digest').where('digest', 'in', part).execute(),
      )
    ).map((r) => r.digest),
  );
  const unknown = revokes.find((r) => !known.has(r.digest));
  if (unknown)
    throw new RevocationError('ARTIFACT_UNKNOWN', `${unknown.digest} is not in the store; ingest its evidence first`, {
      path: 'digest',
    });
}

/** Every `parent → child` edge below the given digests: one walk for the whole batch, a query per level. */
async function descendantEdges(db: Db, starts: readonly Digest[]): Promise<Map<Digest, LineageEdge[]>> {
  const out = new Map<Digest, LineageEdge[]>();
  if (starts.length === 0) return out;
  const load = childEdges(db);
  const seen = new Set<Digest>(starts);
  let frontier = [...seen];
  while (frontier.length > 0) {
    const next: Digest[] = [];
    for (const edge of await load(frontier)) {
      const list = out.get(edge.from);
      if (list) list.push(edge);
      else out.set(edge.from, [edge]);
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        next.push(edge.to);
      }
    }
    frontier = next;
  }
  return out;
}

/** The stored active rows any request can touch: those of the requests' digests and what reinstated roots propagated. */
async function storedRows(
  db: Db,
  revokes: readonly RevokeRequest[],
  reinstates: readonly ReinstateRequest[],
): Promise<RevocationRow[]> {
  const digests = [...revokes, ...reinstates].map((r) => r.digest);
  if (digests.length === 0) return [];
  const own = await activeRows(db, { digests });
  const reinstated = new Set(reinstates.map((r) => r.digest as string));
  const rootIds = own.filter((r) => reinstated.has(r.digest) && r.cause !== 'lineage').map((r) => Number(r.id));
  const ownIds = new Set(own.map((r) => Number(r.id)));
  const propagated = (await inChunks(rootIds, (part) => activeRows(db, { rootIds: part }))).filter(
    (r) => !ownIds.has(Number(r.id)),
  );
  return [...own, ...propagated].sort((a, b) => Number(a.id) - Number(b.id));
}

/** The active rows as the requests so far left them, and what the batch will write. */
class BatchState {
  private readonly byDigest = new Map<string, Slot[]>();
  private readonly byRoot = new Map<number, Slot[]>();
  private readonly active = new Map<string, Slot>();
  private readonly written: Slot[] = [];
  private readonly endedStored: Slot[] = [];

  constructor(rows: readonly RevocationRow[]) {
    for (const row of rows) this.add({ key: Number(row.id), row, stored: true });
  }

  private add(slot: Slot): void {
    const { row } = slot;
    push(this.byDigest, row.digest, slot);
    if (row.root_id !== null) push(this.byRoot, Number(row.root_id), slot);
    else if (slot.root) push(this.byRoot, slot.root.key, slot);
    this.active.set(activeKey(row.digest, row.env, row.scope), slot);
  }

  private insert(row: NewRevocationRow, root?: Slot): Slot {
    const key = NEW_KEYS + this.written.length;
    const slot: Slot = {
      key,
      row: { ...row, id: key, ended_at: null, ended_by: null, end_reason: null },
      stored: false,
      ...(root ? { root } : {}),
    };
    this.written.push(slot);
    this.add(slot);
    return slot;
  }

  /** A direct revocation and everything it propagates; nothing when the same one is active already. */
  async revoke(req: RevokeRequest, now: string, children: ReadonlyMap<Digest, LineageEdge[]>) {
    const env = req.env ?? ALL_ENVS;
    const scope = scopeOf(req.cause, req.advisory);
    if (this.active.has(activeKey(req.digest, env, scope))) return [];
    const root = this.insert({
      digest: req.digest,
      env,
      cause: req.cause,
      root_cause: null,
      chain: JSON.stringify([req.digest]),
      advisory: req.advisory ?? null,
      reason: storable(req.reason),
      source: req.actor,
      created_by: req.actor,
      created_at: now,
      root_id: null,
      scope,
    });
    // A root just written has propagated nothing yet: every descendant (shortest path first, as
    // the store's walk orders them) gets its row.
    const reached = await walkLineage(req.digest, async (frontier) => frontier.flatMap((d) => children.get(d) ?? []));
    const rows = [root];
    for (const r of reached)
      rows.push(
        this.insert(
          {
            digest: r.digest,
            env,
            cause: 'lineage',
            root_cause: req.cause,
            chain: JSON.stringify(r.path),
            advisory: root.row.advisory,
            reason: root.row.reason,
            source: req.actor,
            created_by: req.actor,
            created_at: now,
            // Set when written, once the root's INSERT returned its id; until then the root's key
            // (no stored id is that large) keeps the scope unique among the active rows.
            root_id: null,
            scope: lineageScope(root.key),
          },
          root,
        ),
      );
    return rows.map(
      (s): RecordedChange => ({
        change: { action: 'revoke', revocation: toRevocation(s.row) },
        actor: req.actor,
        note: s.row.reason,
      }),
    );
  }

  /** Ends the matching direct revocations of the digest and every row they propagated. */
  reinstate(req: ReinstateRequest): RecordedChange[] {
    const roots = (this.byDigest.get(req.digest) ?? []).filter(
      (s) =>
        s.ended === undefined &&
        s.row.cause !== 'lineage' &&
        (req.env === undefined || s.row.env === req.env) &&
        (!req.cause || s.row.cause === req.cause) &&
        (!req.advisory || s.row.advisory === req.advisory),
    );
    if (roots.length === 0) return [];
    const propagated = roots
      .flatMap((r) => this.byRoot.get(r.key) ?? [])
      .filter((s) => s.ended === undefined)
      .sort((a, b) => a.key - b.key);
    const ended = [...sorted(roots), ...propagated];
    for (const s of ended) {
      s.ended = { ended_by: req.actor, end_reason: storable(req.reason) };
      this.active.delete(activeKey(s.row.digest, s.row.env, s.row.scope));
      if (s.stored) this.endedStored.push(s);
    }
    return ended.map((s) => ({
      change: { action: 'reinstate', revocation: toRevocation(s.row) },
      actor: req.actor,
      note: req.reason,
    }));
  }

  /**
   * Ends the stored rows first (the active-row index is unique per (digest, env, scope), and a
   * row of this batch may take the scope of one it ends), then inserts the new rows in order, a
   * row of this batch that ended going in ended already.
   */
  async write(db: Db, now: string): Promise<void> {
    const groups = new Map<string, { end: NonNullable<Slot['ended']>; ids: number[] }>();
    for (const s of this.endedStored) {
      const end = s.ended!;
      const k = `${end.ended_by}\u0000${end.end_reason}`;
      const group = groups.get(k) ?? { end, ids: [] };
      group.ids.push(s.key);
      groups.set(k, group);
    }
    for (const { end, ids } of groups.values())
      await inChunks(ids, async (part) => {
        await db
          .updateTable('revocations')
          .set({ ended_at: now, ended_by: end.ended_by, end_reason: end.end_reason })
          .where('id', 'in', part)
          .execute();
        return [];
      });
    const ids = new Map<Slot, number>();
    let pending: Slot[] = [];
    const flush = async () => {
      const stored = await insertRows(db, pending.map(newRow));
      for (const [i, s] of pending.entries()) ids.set(s, Number(stored[i]!.id));
      pending = [];
    };
    for (const s of this.written) {
      // A propagated row names its root's id: the root's INSERT runs first.
      if (s.root && !ids.has(s.root)) await flush();
      if (s.root) {
        const rootId = ids.get(s.root)!;
        s.row = { ...s.row, root_id: rootId, scope: lineageScope(rootId) };
      }
      if (s.ended) s.row = { ...s.row, ended_at: now, ...s.ended };
      pending.push(s);
    }
    if (pending.length > 0) await flush();
  }
}

function newRow(s: Slot): NewRevocationRow & Pick<RevocationRow, 'ended_at' | 'ended_by' | 'end_reason'> {
  const { id: _id, ...row } = s.row;
  return row;
}

function sorted(slots: Slot[]): Slot[] {
  return [...slots].sort((a, b) => a.key - b.key);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

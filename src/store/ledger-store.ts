import { sql, type Kysely } from 'kysely';
import { EMPTY_RANGE, appendLeaves, compactRangeAt, compactRoot, type CompactRange } from '../ledger/appender.js';
import { encodeLedgerEntry, type LedgerEntry } from '../ledger/ledger-entry.js';
import { entrySubject } from '../ledger/entry-subject.js';
import { LedgerError } from '../ledger/ledger-error.js';
import type {
  AppendResult,
  ConsistencyProofResult,
  InclusionProofResult,
  StoredCheckpoint,
} from '../ledger/ledger-log.js';
import type { LedgerRepository } from '../ledger/ledger-repository.js';
import {
  checkSize,
  consistencyPlan,
  inclusionPlan,
  leafHash,
  planNodes,
  resolvePlan,
  rootPlan,
} from '../ledger/merkle.js';
import type { LedgerTables } from './migrations/003-ledger.js';
import { CHUNK, fetchNodes } from './ledger-nodes.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
type LedgerDb = Kysely<Database & LedgerTables>;

const asBytes = (b: Uint8Array): Uint8Array =>
  b instanceof Buffer ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * The ledger over the query layer, the same on SQLite and PostgreSQL. Appends run inside the
 * caller's transaction (`appendInTransaction`), so a state change and its entry commit
 * together or not at all. Proofs and roots read O(log n) stored subtree hashes in one query
 * (the plan functions of merkle.ts), never rehash leaves.
 */
export class LedgerStore implements LedgerRepository {
  private readonly db: LedgerDb;

  constructor(db: Db) {
    this.db = db.withTables<LedgerTables>();
  }

  /**
   * Appends entries in the caller's transaction. The UPDATE of the head row comes first: it
   * takes PostgreSQL's row lock (concurrent appenders queue, then see the committed tree under
   * READ COMMITTED) and SQLite's write lock, so one writer extends the tree at a time.
   * Callers append only when a state change produced entries.
   */
  static async appendInTransaction(trx: Db, entries: readonly LedgerEntry[]): Promise<AppendResult> {
    const encoded = entries.map((e) => encodeLedgerEntry(e));
    const db = trx.withTables<LedgerTables>();
    const head = await db
      .updateTable('ledger_head')
      .set({ size: sql`size + ${encoded.length}` })
      .where('id', '=', 1)
      .returning('size')
      .executeTakeFirst();
    if (head === undefined)
      throw new LedgerError('LOG_CORRUPT', 'the ledger head row is missing', { path: 'ledger_head' });
    const before = Number(head.size) - encoded.length;
    const range = compactRangeAt(before, await fetchNodes(db, rootPlan(before)));
    const step = appendLeaves(
      range,
      encoded.map((e) => e.leafHash),
    );
    const entryRows = encoded.map((e, i) => ({
      idx: before + i,
      kind: e.entry.type,
      subject: entrySubject(e.entry),
      entry: asBytes(e.bytes),
    }));
    for (let i = 0; i < entryRows.length; i += CHUNK)
      await db
        .insertInto('ledger_entries')
        .values(entryRows.slice(i, i + CHUNK))
        .execute();
    const nodeRows = step.rows.map((r) => ({ level: r.level, idx: r.index, hash: asBytes(r.hash) }));
    for (let i = 0; i < nodeRows.length; i += CHUNK)
      await db
        .insertInto('ledger_nodes')
        .values(nodeRows.slice(i, i + CHUNK))
        .execute();
    return { firstIndex: before, size: step.range.size, root: compactRoot(step.range) };
  }

  /** Appends in a transaction of its own. */
  async append(entries: readonly LedgerEntry[]): Promise<AppendResult> {
    return (this.db as unknown as Db).transaction().execute((trx) => LedgerStore.appendInTransaction(trx, entries));
  }

  async size(): Promise<number> {
    const row = await this.db.selectFrom('ledger_head').select('size').where('id', '=', 1).executeTakeFirst();
    return Number(row?.size ?? 0);
  }

  async entry(index: number): Promise<Uint8Array> {
    checkSize(index, 'index');
    const row = await this.db.selectFrom('ledger_entries').select('entry').where('idx', '=', index).executeTakeFirst();
    if (row === undefined) throw new LedgerError('INDEX_OUT_OF_RANGE', `no ledger entry ${index}`, { path: 'index' });
    return new Uint8Array(row.entry);
  }

  /**
   * Indexes and bytes of every entry about a subject (an artifact digest) below `treeSize`,
   * oldest first. Read in pages of `pageSize`, never cut off: an evidence pack must hold the
   * newest entries, the latest decision among them.
   */
  async entriesFor(
    subject: string,
    treeSize?: number,
    pageSize = 5000,
  ): Promise<Array<{ idx: number; kind: string; bytes: Uint8Array }>> {
    const out: Array<{ idx: number; kind: string; bytes: Uint8Array }> = [];
    for (let after = -1; ; ) {
      let query = this.db
        .selectFrom('ledger_entries')
        .select(['idx', 'kind', 'entry'])
        .where('subject', '=', subject)
        .where('idx', '>', after);
      if (treeSize !== undefined) query = query.where('idx', '<', treeSize);
      const rows = await query.orderBy('idx').limit(pageSize).execute();
      for (const r of rows) out.push({ idx: Number(r.idx), kind: r.kind, bytes: new Uint8Array(r.entry) });
      if (rows.length < pageSize) return out;
      after = out.at(-1)!.idx;
    }
  }

  /** The current size, or `size` if the log has reached it; the plan functions check the shape. */
  private async resolveSize(size: number | undefined, field: string): Promise<number> {
    const current = await this.size();
    if (size === undefined) return current;
    if (size > current)
      throw new LedgerError('TREE_SIZE', `${field} ${size} is beyond the log size ${current}`, { path: field });
    return size;
  }

  async root(size?: number): Promise<{ size: number; root: Uint8Array }> {
    const n = await this.resolveSize(size, 'treeSize');
    const plan = rootPlan(n);
    return { size: n, root: resolvePlan([plan], await fetchNodes(this.db, plan))[0]! };
  }

  /** RFC 6962 §2.1.1 proof for a leaf in the tree of `size` (default: the current size). */
  async inclusionProof(index: number, size?: number): Promise<InclusionProofResult> {
    return (await this.inclusionProofs([index], size))[0]!;
  }

  /** Proofs for many leaves of one tree (an evidence pack) from one fetch of every node their plans read. */
  async inclusionProofs(indexes: readonly number[], size?: number): Promise<InclusionProofResult[]> {
    const treeSize = await this.resolveSize(size, 'treeSize');
    const plans = indexes.map((index) => inclusionPlan(index, treeSize));
    const rootParts = rootPlan(treeSize);
    const hashes = await fetchNodes(
      this.db,
      planNodes(...plans, [rootParts], [indexes.map((index) => ({ level: 0, index }))]),
    );
    const root = resolvePlan([rootParts], hashes)[0]!;
    return indexes.map((index, k) => ({
      leafIdx: index,
      treeSize,
      leafHash: hashes.get(0, index),
      proof: resolvePlan(plans[k]!, hashes),
      root,
    }));
  }

  /** RFC 6962 §2.1.2 proof between two tree sizes (0 < from <= to <= current; consistencyPlan checks). */
  async consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProofResult> {
    const to = await this.resolveSize(toSize, 'toSize');
    const plan = consistencyPlan(fromSize, to);
    const fromParts = rootPlan(fromSize);
    const toParts = rootPlan(to);
    const hashes = await fetchNodes(this.db, planNodes(plan, [fromParts, toParts]));
    const [fromRoot, toRoot] = resolvePlan([fromParts, toParts], hashes) as [Uint8Array, Uint8Array];
    return { fromSize, toSize: to, proof: resolvePlan(plan, hashes), fromRoot, toRoot };
  }

  /**
   * `mc ledger verify`: recomputes every leaf hash from the stored entry bytes and every
   * stored subtree hash from its children, page by page; any difference is LOG_CORRUPT with
   * the path of the first bad row (entries/<idx> or nodes/<level>/<idx>).
   */
  async verifyAll(pageSize = 5000): Promise<{ size: number; root: Uint8Array }> {
    const size = await this.size();
    let range: CompactRange = EMPTY_RANGE;
    let expectedRows = 0;
    for (let from = 0; from < size; from += pageSize) {
      const rows = await this.db
        .selectFrom('ledger_entries')
        .select(['idx', 'entry'])
        .where('idx', '>=', from)
        .where('idx', '<', from + pageSize)
        .orderBy('idx')
        .execute();
      const want = Math.min(pageSize, size - from);
      for (let i = 0; i < want; i++) {
        if (rows[i] === undefined || Number(rows[i]!.idx) !== from + i)
          throw new LedgerError('LOG_CORRUPT', `ledger entry ${from + i} is missing`, { path: `entries/${from + i}` });
      }
      const step = appendLeaves(
        range,
        rows.map((r) => leafHash(new Uint8Array(r.entry))),
      );
      const stored = await fetchNodes(this.db, step.rows);
      for (const n of step.rows) {
        let h: Uint8Array | undefined;
        try {
          h = stored.get(n.level, n.index);
        } catch {
          h = undefined;
        }
        if (h === undefined || Buffer.compare(h, n.hash) !== 0) {
          const what =
            n.level === 0
              ? `entry ${n.index} does not match its stored leaf hash`
              : `node ${n.level}/${n.index} does not match its children`;
          throw new LedgerError('LOG_CORRUPT', `ledger ${what}`, {
            path: n.level === 0 ? `entries/${n.index}` : `nodes/${n.level}/${n.index}`,
          });
        }
      }
      expectedRows += step.rows.length;
      range = step.range;
    }
    const extra = await this.db
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idx', '>=', size)
      .executeTakeFirst();
    if (Number(extra?.n ?? 0) > 0)
      throw new LedgerError('LOG_CORRUPT', `ledger holds entries beyond its head size ${size}`, {
        path: `entries/${size}`,
      });
    const nodes = await this.db
      .selectFrom('ledger_nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (Number(nodes?.n ?? 0) !== expectedRows)
      throw new LedgerError('LOG_CORRUPT', `ledger has ${Number(nodes?.n)} node rows, ${expectedRows} expected`, {
        path: 'nodes',
      });
    return { size, root: compactRoot(range) };
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const r = await this.db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? { size: Number(r.size), keyId: r.key_id, note: r.note, createdAt: r.created_at } : undefined;
  }

  /** Stores a signed checkpoint; false when one for that size exists already (another replica). */
  async saveCheckpoint(cp: StoredCheckpoint): Promise<boolean> {
    const r = await this.db
      .insertInto('ledger_checkpoints')
      .values({ size: cp.size, key_id: cp.keyId, note: cp.note, created_at: cp.createdAt })
      .onConflict((oc) => oc.column('size').doNothing())
      .returning('size')
      .executeTakeFirst();
    return r !== undefined;
  }
}

import Database from 'better-sqlite3';
import type { Database as Db, Statement, Transaction } from 'better-sqlite3';
import { EMPTY_RANGE, appendLeaves, compactRangeAt, compactRoot, type CompactRange } from './appender.js';
import { LedgerError } from './ledger-error.js';
import type { AppendResult, ConsistencyProofResult, InclusionProofResult, LedgerLog } from './ledger-log.js';
import { checkSize, consistencyProof, inclusionProof, leafHash, rootAt, type SubtreeHashes } from './merkle.js';
import { LEDGER_DDL, SQL } from './sqlite-ledger-sql.js';

const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

/**
 * A durable append-only RFC 6962 log over better-sqlite3 (synchronous, so proofs use the
 * synchronous SubtreeHashes port directly). Appends are batched: one transaction writes the
 * entries, their leaf hashes and every completed perfect subtree. `append` opens a nested
 * transaction (a SAVEPOINT when called inside the caller's transaction), so a state change
 * and its ledger entry commit together or not at all.
 */
export class SqliteLedger implements LedgerLog {
  private range: CompactRange = EMPTY_RANGE;
  private readonly st: Record<keyof typeof SQL, Statement>;
  private readonly hashes: SubtreeHashes;
  private readonly appendTx: Transaction<(entries: readonly Uint8Array[]) => AppendResult>;

  /** Opens (and creates) a ledger database file in WAL mode with synchronous=FULL (durable commits). */
  static open(file: string): SqliteLedger {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return new SqliteLedger(db);
  }

  constructor(readonly db: Db) {
    for (const ddl of LEDGER_DDL) db.exec(ddl);
    this.st = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof SQL, Statement>;
    const node = this.st.node.pluck();
    this.hashes = {
      get: (level, index) => {
        const h = node.get(level, index) as Buffer | undefined;
        if (h === undefined) throw new LedgerError('NODE_MISSING', `ledger node ${level}/${index} is missing`);
        return h;
      },
    };
    this.appendTx = db.transaction((entries: readonly Uint8Array[]) => this.appendLocked(entries));
  }

  size(): number {
    return this.st.size.pluck().get() as number;
  }

  private currentRange(): CompactRange {
    const size = this.size();
    // Another connection may have appended: rebuild the compact range (O(log n) reads).
    if (size !== this.range.size) this.range = compactRangeAt(size, this.hashes);
    return this.range;
  }

  private appendLocked(entries: readonly Uint8Array[]): AppendResult {
    const before = this.currentRange();
    const { range, rows } = appendLeaves(before, entries.map((e) => leafHash(e)));
    entries.forEach((e, i) => this.st.insertEntry.run(before.size + i, asBuffer(e)));
    for (const r of rows) this.st.insertNode.run(r.level, r.index, asBuffer(r.hash));
    this.range = range;
    return { firstIndex: before.size, size: range.size, root: compactRoot(range) };
  }

  append(entries: readonly Uint8Array[]): AppendResult {
    try {
      // BEGIN IMMEDIATE at top level: one writer extends the tree at a time.
      return this.db.inTransaction ? this.appendTx(entries) : this.appendTx.immediate(entries);
    } catch (e) {
      this.range = EMPTY_RANGE; // the rolled-back rows may be cached: force a reload
      throw e;
    }
  }

  entry(index: number): Uint8Array {
    checkSize(index, 'index');
    const e = this.st.entry.pluck().get(index) as Buffer | undefined;
    if (e === undefined) throw new LedgerError('INDEX_OUT_OF_RANGE', `no ledger entry ${index}`, { path: 'index' });
    return e;
  }

  private resolveSize(size: number | undefined, field: string): number {
    const current = this.size();
    if (size === undefined) return current;
    checkSize(size, field);
    if (size > current) throw new LedgerError('TREE_SIZE', `${field} ${size} is beyond the log size ${current}`, { path: field });
    return size;
  }

  root(size?: number): Uint8Array {
    return rootAt(this.resolveSize(size, 'treeSize'), this.hashes);
  }

  inclusionProof(index: number, size?: number): InclusionProofResult {
    const treeSize = this.resolveSize(size, 'treeSize');
    const proof = inclusionProof(index, treeSize, this.hashes);
    return { leafIdx: index, treeSize, leafHash: this.hashes.get(0, index), proof, root: rootAt(treeSize, this.hashes) };
  }

  consistencyProof(fromSize: number, toSize?: number): ConsistencyProofResult {
    const to = this.resolveSize(toSize, 'toSize');
    const proof = consistencyProof(fromSize, to, this.hashes);
    return { fromSize, toSize: to, proof, fromRoot: rootAt(fromSize, this.hashes), toRoot: rootAt(to, this.hashes) };
  }

  verifyAll(pageSize = 10_000): { size: number; root: Uint8Array } {
    const size = this.size();
    const page = this.st.entriesPage;
    let range = EMPTY_RANGE;
    let expectedRows = 0;
    for (let from = 0; from < size; from += pageSize) {
      const rows = page.all(from, pageSize) as Array<{ idx: number; entry: Buffer }>;
      rows.forEach((r, i) => {
        if (r.idx !== from + i) throw new LedgerError('LOG_CORRUPT', `ledger entry ${from + i} is missing`, { path: `entries/${from + i}` });
      });
      const step = appendLeaves(range, rows.map((r) => leafHash(r.entry)));
      for (const n of step.rows) {
        const stored = this.st.node.pluck().get(n.level, n.index) as Buffer | undefined;
        if (stored === undefined || !stored.equals(n.hash)) {
          const what = n.level === 0 ? `entry ${n.index} does not match its stored leaf hash` : `node ${n.level}/${n.index} does not match its children`;
          throw new LedgerError('LOG_CORRUPT', `ledger ${what}`, { path: n.level === 0 ? `entries/${n.index}` : `nodes/${n.level}/${n.index}` });
        }
      }
      expectedRows += step.rows.length;
      range = step.range;
    }
    const count = this.st.nodeCount.pluck().get() as number;
    if (count !== expectedRows) throw new LedgerError('LOG_CORRUPT', `ledger has ${count} node rows, ${expectedRows} expected`, { path: 'nodes' });
    return { size, root: compactRoot(range) };
  }
}

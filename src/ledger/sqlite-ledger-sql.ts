/**
 * All SQL of the SQLite ledger, for porting to Kysely migrations. DDL:
 *
 *   CREATE TABLE ledger_entries (
 *     idx   INTEGER PRIMARY KEY,           -- 0-based leaf index, dense
 *     entry BLOB    NOT NULL               -- RFC 8785 canonical JSON bytes
 *   );
 *   CREATE TABLE ledger_nodes (
 *     level INTEGER NOT NULL,              -- 0 = leaf hash, h = perfect subtree of 2^h leaves
 *     idx   INTEGER NOT NULL,              -- covers leaves [idx·2^level, (idx+1)·2^level)
 *     hash  BLOB    NOT NULL,              -- 32 bytes, RFC 6962 §2.1
 *     PRIMARY KEY (level, idx)
 *   ) WITHOUT ROWID;
 *
 * PostgreSQL: BIGINT for idx, BYTEA for blobs, PRIMARY KEY (level, idx); append under a
 * table lock or advisory lock so one writer extends the tree at a time.
 */
export const LEDGER_DDL = [
  `CREATE TABLE IF NOT EXISTS ledger_entries (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ledger_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID`,
];

export const SQL = {
  size: `SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries`,
  insertEntry: `INSERT INTO ledger_entries (idx, entry) VALUES (?, ?)`,
  insertNode: `INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)`,
  entry: `SELECT entry FROM ledger_entries WHERE idx = ?`,
  node: `SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?`,
  entriesPage: `SELECT idx, entry FROM ledger_entries WHERE idx >= ? ORDER BY idx LIMIT ?`,
  nodeCount: `SELECT COUNT(*) FROM ledger_nodes`,
} as const;

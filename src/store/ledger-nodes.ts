import type { Kysely } from 'kysely';
import { LedgerError } from '../ledger/ledger-error.js';
import type { NodeRef, SubtreeHashes } from '../ledger/merkle.js';
import type { LedgerTables } from './migrations/003-ledger.js';
import type { Database } from './schema.js';

/** Rows per statement in the ledger's multi-row reads and writes: far below both engines' parameter limits. */
export const CHUNK = 500;

/** Fetches the given nodes in one query; `get` throws NODE_MISSING for an absent node. */
export async function fetchNodes(
  db: Kysely<Database & LedgerTables>,
  refs: readonly NodeRef[],
): Promise<SubtreeHashes> {
  const found = new Map<string, Uint8Array>();
  for (let i = 0; i < refs.length; i += CHUNK) {
    const part = refs.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('ledger_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) => eb.or(part.map((n) => eb.and([eb('level', '=', n.level), eb('idx', '=', n.index)]))))
      .execute();
    for (const r of rows) found.set(`${Number(r.level)}/${Number(r.idx)}`, new Uint8Array(r.hash));
  }
  return {
    get: (level, index) => {
      const h = found.get(`${level}/${index}`);
      if (h === undefined) throw new LedgerError('NODE_MISSING', `ledger node ${level}/${index} is missing`);
      return h;
    },
  };
}

import type { Kysely } from 'kysely';
import type { WaiverRepository } from '../domain/ports.js';
import type { Waiver } from '../domain/waiver.js';
import type { Engine } from './dialect/engine.js';
import type { AdvisoryTables } from './migrations/002-advisories.js';
import type { Database } from './schema.js';
import { bumpGeneration } from './generation.js';
import { LedgerStore } from './ledger-store.js';
import { ledgerEntryForWaiver } from './ledger-entries.js';

type Db = Kysely<Database & AdvisoryTables>;
type Row = AdvisoryTables['waivers'];

/**
 * Waivers made through the API and CLI (file waivers live in policy/waivers.yaml). Every write
 * bumps the store generation in its transaction, so cached decisions are re-evaluated.
 */
export class WaiverStore implements WaiverRepository {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<AdvisoryTables>();
  }

  /** `createdBy`: the actor (token label, `cli`), stored in created_by and in the ledger entry. */
  async add(w: Waiver, createdBy: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('waivers')
        .values({
          id: w.id,
          advisory: w.advisory ?? null,
          digest: w.digest ?? null,
          purl: w.purl ?? null,
          owner: w.owner,
          reason: w.reason,
          created: w.created,
          expires: w.expires,
          created_by: createdBy,
        })
        .execute();
      // The ledger entry commits with the waiver it records: no waiver without its proof.
      await LedgerStore.appendInTransaction(trx as unknown as Kysely<Database>, [
        ledgerEntryForWaiver(w, 'create', createdBy, w.created),
      ]);
      await bumpGeneration(trx as unknown as Kysely<Database>);
    });
  }

  /** Removes a waiver at `at` (the caller's clock) on behalf of `actor`; false when there is none with that id. */
  async remove(id: string, at: Date, actor: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('waivers').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return false;
      await trx.deleteFrom('waivers').where('id', '=', id).execute();
      await LedgerStore.appendInTransaction(trx as unknown as Kysely<Database>, [
        ledgerEntryForWaiver(toWaiver(row), 'revoke', actor, at.toISOString()),
      ]);
      await bumpGeneration(trx as unknown as Kysely<Database>);
      return true;
    });
  }

  /** Every stored waiver, expired ones included (the gate reports those as WAIVER_EXPIRED). */
  async list(): Promise<Waiver[]> {
    const rows = await this.db.selectFrom('waivers').selectAll().orderBy('expires').orderBy('id').execute();
    return rows.map(toWaiver);
  }
}

function toWaiver(r: Row): Waiver {
  return {
    id: r.id,
    ...(r.advisory !== null ? { advisory: r.advisory } : {}),
    ...(r.digest !== null ? { digest: r.digest } : {}),
    ...(r.purl !== null ? { purl: r.purl } : {}),
    owner: r.owner,
    reason: r.reason,
    created: r.created,
    expires: r.expires,
    source: 'api',
  };
}

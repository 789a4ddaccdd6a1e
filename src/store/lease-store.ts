import { sql, type Kysely } from 'kysely';
import type { Lease, LeaseRepository } from '../domain/lease.js';
import type { Engine } from './dialect/engine.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { Database } from './schema.js';

type Db = Kysely<Database & EventOutboxLeaseTables>;

/** A released lease expires at the epoch: free for anyone, while its row keeps the fencing token. */
const RELEASED = new Date(0).toISOString();

/**
 * The `leases` table in domain words. Acquiring is one upsert on both engines: the INSERT takes a
 * lease nobody ever held; ON CONFLICT … DO UPDATE … WHERE takes it over only when it expired (or
 * renews it for its own holder). PostgreSQL re-evaluates the WHERE on the newest row version
 * after a concurrent writer commits, so two replicas racing for an expired lease get one winner.
 * The row is never deleted, so the token keeps rising across holders.
 */
export class LeaseStore implements LeaseRepository {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<EventOutboxLeaseTables>();
  }

  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
    const at = now.toISOString();
    const expires = new Date(now.getTime() + ttlMs).toISOString();
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, token: 1, expires_at: expires, acquired_at: at })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({
            holder: (eb) => eb.ref('excluded.holder'),
            token: sql<number>`CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END`,
            expires_at: (eb) => eb.ref('excluded.expires_at'),
            acquired_at: sql<string>`CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END`,
          })
          .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', at)])),
      )
      .returning(['name', 'holder', 'token', 'expires_at'])
      .executeTakeFirst();
    return row ? toLease(row) : undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db
      .updateTable('leases')
      .set({ expires_at: RELEASED })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute();
  }

  async get(name: string): Promise<Lease | undefined> {
    const row = await this.db
      .selectFrom('leases')
      .select(['name', 'holder', 'token', 'expires_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toLease(row) : undefined;
  }
}

function toLease(r: { name: string; holder: string; token: number | string; expires_at: string }): Lease {
  return { name: r.name, holder: r.holder, token: Number(r.token), expiresAt: r.expires_at };
}

import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import type { Engine } from './engine.js';
import { GENERATION_CHANNEL, listen, type Subscription } from './notify.js';

/** PostgreSQL for several replicas: same schema and queries as SQLite. */
export function postgresEngine(url: string, poolSize = 10): Engine {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const subscriptions = new Set<Subscription>();
  return {
    name: 'postgres',
    db,
    autoIdType: 'integer',
    autoIdModifier: 'identity',
    blobType: 'bytea',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    subscribeGeneration(onChange) {
      const sub = listen(url, GENERATION_CHANNEL, onChange);
      subscriptions.add(sub);
      return {
        ready: sub.ready,
        close: async () => {
          subscriptions.delete(sub);
          await sub.close();
        },
      };
    },
    close: async () => {
      await Promise.all([...subscriptions].map((s) => s.close()));
      await db.destroy();
    },
  };
}

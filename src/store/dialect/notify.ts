import { type Kysely, PostgresAdapter, sql } from 'kysely';
import pg from 'pg';

/** The channel every store generation bump notifies on PostgreSQL. */
export const GENERATION_CHANNEL = 'mc_generation';

/** A running LISTEN: `ready` resolves once the first connection listens; `close` ends it for good. */
export interface Subscription {
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * NOTIFY inside the caller's transaction (PostgreSQL delivers it at commit, drops it on rollback);
 * nothing on SQLite, whose one-file store has no other replicas. Channels are database-wide, so
 * the payload names the schema: installations in other schemas of the database ignore it.
 */
export async function notifyInTransaction<DB>(trx: Kysely<DB>, channel: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`SELECT pg_notify(${channel}, current_schema())`.execute(trx);
}

const MAX_RECONNECT_MS = 30_000;

/**
 * One dedicated connection that LISTENs on `channel` and calls `onNotify` for each notification
 * from its own schema.
 * When the connection drops it reconnects with backoff, and calls `onNotify` once after each
 * reconnect: a notification may have been missed meanwhile, so the caller re-checks.
 */
export function listen(url: string, channel: string, onNotify: () => void): Subscription {
  let client: pg.Client | undefined;
  let closed = false;
  let delay = 500;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  let connectedOnce = false;

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, MAX_RECONNECT_MS);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'mc-listen' });
    client = c;
    let schema: string | undefined;
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload === schema) onNotify();
    });
    c.on('error', () => {
      void c.end().catch(() => {});
      if (client === c) retry();
    });
    c.on('end', () => {
      if (client === c) retry();
    });
    try {
      await c.connect();
      schema = (await c.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
      // The identifier is ours, not user input; quoted all the same.
      await c.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch {
      await c.end().catch(() => {});
      if (client === c) retry();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    delay = 500;
    if (connectedOnce) onNotify();
    connectedOnce = true;
    markReady();
  };

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
      markReady();
    },
  };
}

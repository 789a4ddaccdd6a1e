import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresEngine } from '../../src/store/dialect/postgres-engine.js';
import { sqliteEngine } from '../../src/store/dialect/sqlite-engine.js';
import type { Engine } from '../../src/store/dialect/engine.js';

export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** Undefined when the engine is not available here (outside CI only). */
  available: boolean;
  skipReason?: string;
  /** A fresh, empty database (a temp file, or a new PostgreSQL schema). */
  create(): Promise<{ engine: Engine; url?: string; file?: string }>;
}

const pgUrl = process.env.MC_TEST_DATABASE_URL;
if (!pgUrl && process.env.CI === 'true')
  throw new Error('MC_TEST_DATABASE_URL is not set: PostgreSQL is required when CI=true (run scripts/services.sh)');

/** One suite runs over every engine (Kysely's DIALECTS loop is the model). */
export const ENGINES: TestEngine[] = [
  {
    name: 'sqlite',
    available: true,
    async create() {
      const file = join(mkdtempSync(join(tmpdir(), 'mc-test-')), 'mc.db');
      return { engine: sqliteEngine(file), file };
    },
  },
  {
    name: 'postgres',
    available: pgUrl !== undefined,
    ...(pgUrl
      ? {}
      : { skipReason: 'skipped: MC_TEST_DATABASE_URL not set (PostgreSQL not running; CI=true makes this a failure)' }),
    async create() {
      const url = await freshSchemaUrl(pgUrl!);
      return { engine: postgresEngine(url, 4), url };
    },
  },
];

/** A new schema per test database, selected through the connection's search_path. */
export async function freshSchemaUrl(base: string): Promise<string> {
  const schema = `mc_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

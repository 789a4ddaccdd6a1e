import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { postgresEngine } from './dialect/postgres-engine.js';
import { sqliteEngine } from './dialect/sqlite-engine.js';
import type { Engine } from './dialect/engine.js';
import { ReleaseStore } from './release-store.js';

export function engineFor(config: Pick<Config, 'databaseUrl' | 'home' | 'sqliteSynchronous'>): Engine {
  return config.databaseUrl
    ? postgresEngine(config.databaseUrl)
    : sqliteEngine(join(config.home, 'mc.db'), config.sqliteSynchronous);
}

/** Opens the configured store and applies pending migrations. */
export function openStore(
  config: Pick<Config, 'databaseUrl' | 'home' | 'sqliteSynchronous'>,
  clock?: () => Date,
): Promise<ReleaseStore> {
  return ReleaseStore.open(engineFor(config), clock);
}

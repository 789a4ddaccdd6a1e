import { join } from 'node:path';
import type { Clock } from '../../src/domain/clock.js';
import { sqliteEngine } from '../../src/store/dialect/sqlite-engine.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { testInstallation } from '../support/installation.js';
import { trustProviders } from '../support/trust-providers.js';

export const NOW = new Date('2026-11-22T10:00:00Z');

/** A gate service over a fresh SQLite store in the trust workspace, with the trust providers wired in. */
export async function trustGateService(
  ws: { dir: string; gatesFile: string; waiversFile: string; trustPolicyFile: string },
  clock: Clock = () => NOW,
) {
  const store = await ReleaseStore.open(sqliteEngine(join(ws.dir, 'mc.db')), clock);
  return { store, svc: testInstallation(ws, store, clock, trustProviders(ws.trustPolicyFile, clock, store)).gate };
}

import { join } from 'node:path';
import { trustProviders } from '../support/trust-providers.js';
import { sqliteEngine } from '../../src/store/dialect/sqlite-engine.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { testInstallation } from '../support/installation.js';

export const NOW = new Date('2026-11-22T10:00:00Z');

/** A gate service over a fresh SQLite store in the trust workspace, with the trust provider wired in. */
export async function trustGateService(ws: {
  dir: string;
  gatesFile: string;
  waiversFile: string;
  trustPolicyFile: string;
}) {
  const store = await ReleaseStore.open(sqliteEngine(join(ws.dir, 'mc.db')), () => NOW);
  return {
    store,
    svc: testInstallation(
      ws,
      store,
      () => NOW,
      trustProviders(ws.trustPolicyFile, () => NOW, store),
    ).gate,
  };
}

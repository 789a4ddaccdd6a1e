import { join } from 'node:path';
import { createTrustProvider } from '../../src/app/trust-provider.js';
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
  const trust = createTrustProvider({ trustPolicyFile: ws.trustPolicyFile, clock: () => NOW, recheckMs: 0, store });
  return { store, svc: testInstallation(ws, store, () => NOW, { trust }).gate };
}

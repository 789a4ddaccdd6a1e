import { composeInstallation, type Installation, type InstallationOptions } from '../../src/app/installation.js';
import type { SnapshotProviders } from '../../src/app/snapshot-builder.js';
import { resolveConfig, type Config } from '../../src/config/config.js';
import type { Clock } from '../../src/domain/clock.js';
import type { ReleaseStore } from '../../src/store/release-store.js';

/**
 * The production composition root over a test workspace and store. `providers` replaces the
 * configured trust/SLO providers (default: none, so the trust gates see no trust input);
 * advisory matching stays wired. The store generation is re-read on every verify by default.
 */
export function testInstallation(
  ws: { dir: string },
  store: ReleaseStore,
  clock: Clock,
  providers: SnapshotProviders = {},
  options: Omit<InstallationOptions, 'providers'> & { config?: Partial<Config> } = {},
): Installation {
  const config = resolveConfig({}, { workDir: ws.dir, cacheRecheckMs: 0, ...options.config });
  return composeInstallation(config, clock, store, { ...options, providers });
}

import { GateService } from '../app/gate-service.js';
import { PolicySource } from '../app/policy-source.js';
import { configuredProviders } from '../app/providers.js';
import { resolveConfig, type Config } from '../config/config.js';
import { openStore } from '../store/open-store.js';
import type { ReleaseStore } from '../store/release-store.js';

/** Resolved configuration, store and gate service for one CLI invocation. */
export interface CliContext {
  config: Config;
  store: ReleaseStore;
  service: GateService;
  close(): Promise<void>;
}

/** MC_NOW (ISO 8601) pins the clock, for reproducible runs and tests; otherwise the wall clock. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.MC_NOW;
  if (!fixed) return () => new Date();
  const t = Date.parse(fixed);
  if (Number.isNaN(t)) throw new Error(`MC_NOW must be an ISO 8601 time, got ${fixed}`);
  return () => new Date(t);
}

export async function openContext(overrides: Partial<Config> = {}): Promise<CliContext> {
  const config = resolveConfig(process.env, overrides);
  const clock = clockFromEnv();
  const store = await openStore(config, clock);
  const policies = new PolicySource(config.gatesFile, config.waiversFile, 0);
  const service = new GateService(store, policies, clock, configuredProviders(config, policies, clock, store));
  return { config, store, service, close: () => store.close() };
}

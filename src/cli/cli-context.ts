import { GateService } from '../app/gate-service.js';
import { PolicySource } from '../app/policy-source.js';
import { configuredProviders } from '../app/providers.js';
import { policyFileNames, resolveConfig, type Config } from '../config/config.js';
import { ConfigError } from '../domain/errors.js';
import { openStore } from '../store/open-store.js';
import type { ReleaseStore } from '../store/release-store.js';

/** Resolved configuration, store and gate service for one CLI invocation. */
export interface CliContext {
  config: Config;
  store: ReleaseStore;
  service: GateService;
  close(): Promise<void>;
}

/** A date, or a date-time with its zone (Z or an offset): a time without a zone would depend on the machine. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * MC_NOW (ISO 8601) pins the clock, for reproducible runs and tests; otherwise the wall clock.
 * A value that is not one is a configuration error (exit 2), never a guess: Date.parse alone
 * takes "12" or "May 1" too.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.MC_NOW;
  if (!fixed) return () => new Date();
  const t = ISO_8601.test(fixed) ? Date.parse(fixed) : NaN;
  if (Number.isNaN(t)) throw new ConfigError('MC_NOW_INVALID', `MC_NOW must be an ISO 8601 time like 2026-11-22T10:00:00Z, got ${JSON.stringify(fixed.slice(0, 60))}`, { path: 'MC_NOW' });
  return () => new Date(t);
}

export async function openContext(overrides: Partial<Config> = {}): Promise<CliContext> {
  const config = resolveConfig(process.env, overrides);
  const clock = clockFromEnv();
  const store = await openStore(config, clock);
  const policies = new PolicySource(config.gatesFile, config.waiversFile, 0, policyFileNames(config));
  const service = new GateService(store, policies, clock, configuredProviders(config, policies, clock, store));
  return { config, store, service, close: () => store.close() };
}

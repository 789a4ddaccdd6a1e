import type { Config } from '../config/config.js';
import type { SloBurnRateGateConfig } from '../policy/gates-schema.js';
import { profileFor } from '../policy/gates.js';
import type { PolicySource } from './policy-source.js';
import { DEFAULT_BURN_RATE_QUERY, queryBurnRate } from './prometheus-slo.js';
import type { SnapshotProviders } from './snapshot-builder.js';

/** The snapshot providers of a configured installation (trust, advisories, SLO). */
export function configuredProviders(config: Config, policies: PolicySource): SnapshotProviders {
  const providers: SnapshotProviders = {};
  const prometheus = config.prometheusUrl;
  if (prometheus) {
    providers.sloBurnRate = async (digest, env) => {
      const gate = profileFor(policies.current().policy.gates, env).profile.slo_burn_rate as SloBurnRateGateConfig | undefined;
      if (!gate || gate.mode === 'off') return undefined;
      return queryBurnRate(prometheus, gate.query ?? DEFAULT_BURN_RATE_QUERY, { digest, env });
    };
  }
  return providers;
}

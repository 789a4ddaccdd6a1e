import { nameInInstallation, type Config } from '../config/config.js';
import type { SloBurnRateGateConfig } from '../policy/gates-schema.js';
import { profileFor } from '../policy/gates.js';
import type { PolicySource } from './policy-source.js';
import { DEFAULT_BURN_RATE_QUERY, queryBurnRate } from './prometheus-slo.js';
import type { SnapshotProviders } from './snapshot-builder.js';
import { createTrustProvider, type EvidenceBlobs } from './trust-provider.js';

/** The snapshot providers of a configured installation (trust, advisories, SLO). */
export function configuredProviders(
  config: Config,
  policies: PolicySource,
  clock: () => Date,
  store: EvidenceBlobs,
): SnapshotProviders {
  const providers: SnapshotProviders = {};
  // Always wired: without a trust policy both trust gates fail closed with TRUST_POLICY_MISSING.
  const trust = createTrustProvider({
    trustPolicyFile: config.trustPolicyFile,
    trustPolicyName: nameInInstallation(config.workDir, config.trustPolicyFile),
    clock,
    store,
  });
  providers.trust = trust;
  providers.generation = trust.generation;
  const prometheus = config.prometheusUrl;
  if (prometheus) {
    providers.sloBurnRate = async (digest, env) => {
      const gate = profileFor(policies.current().policy.gates, env).profile.slo_burn_rate as
        | SloBurnRateGateConfig
        | undefined;
      if (!gate || gate.mode === 'off') return undefined;
      return queryBurnRate(prometheus, gate.query ?? DEFAULT_BURN_RATE_QUERY, { digest, env });
    };
  }
  return providers;
}

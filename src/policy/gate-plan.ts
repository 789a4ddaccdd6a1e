import type { GateMode, GateName } from '../domain/decision.js';
import { profileFor, type LoadedGates } from './gates.js';

export interface GatePlan {
  env: string;
  profile: string;
  policyHash: string;
  nodes: Array<{ id: GateName | 'decision'; mode?: GateMode; needs: string[] }>;
  edges: Array<{ from: string; to: string; why: string }>;
}

/** Which gate's result or evidence another gate builds on. */
const DEPENDENCIES: Array<{ from: GateName; to: GateName; why: string }> = [
  { from: 'sbom', to: 'vulnerabilities', why: 'advisories are matched against the SBOM components' },
  { from: 'signatures', to: 'provenance', why: 'provenance counts only inside a verified attestation' },
  { from: 'vulnerabilities', to: 'promotable', why: 'a CVE watch revokes digests whose components become affected' },
];

const NEEDS: Record<GateName, string[]> = {
  sbom: ['evidence: CycloneDX or SPDX SBOM'],
  signatures: ['evidence: signature or attestation', 'trust policy: pinned roots, identities'],
  provenance: ['evidence: SLSA provenance attestation', 'trust policy: builder ids, source repositories'],
  vulnerabilities: ['advisories (mc advisories sync) or a scan report', 'waivers', 'VEX'],
  slo_burn_rate: ['Prometheus (MC_PROMETHEUS_URL)'],
  approvals: ['a redeemed WebAuthn approval (mc approvals request) or an exception (≤ 24 h)'],
  promotable: ['revocations (lineage)'],
};

/** The gate graph of one environment, for `mc plan`: what runs, in which mode, what it needs. */
export function planGates(policy: LoadedGates, env: string): GatePlan {
  const { name, profile } = profileFor(policy.gates, env);
  const active = (Object.keys(profile) as GateName[]).filter((g) => profile[g]!.mode !== 'off');
  const nodes: GatePlan['nodes'] = (Object.keys(profile) as GateName[]).map((g) => ({
    id: g,
    mode: profile[g]!.mode,
    needs: NEEDS[g],
  }));
  nodes.push({ id: 'decision', needs: [] });
  const edges: GatePlan['edges'] = DEPENDENCIES.filter((d) => active.includes(d.from) && active.includes(d.to)).map(
    (d) => ({ ...d }),
  );
  for (const g of active) {
    edges.push({
      from: g,
      to: 'decision',
      why: profile[g]!.mode === 'enforce' ? 'a failure denies' : 'a failure is reported, never denies',
    });
  }
  return { env, profile: name, policyHash: policy.policyHash, nodes, edges };
}

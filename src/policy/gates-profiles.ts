import { DEFAULT_GATES_YAML } from './gates-schema.js';

/**
 * The gates.yaml a newcomer can satisfy by hand on the first day: prod enforces what needs nothing
 * but an SBOM (and a scan or an advisory mirror), and reports the rest. The comment block says what
 * it leaves out and how to turn each part on, since the file is all a reader will look at.
 */
export const STARTER_GATES_YAML = `# Maestro Conductor gates, starter profile (mc init --profile starter).
# One profile per kind of environment; each gate off | advisory | enforce.
# advisory failures are reported but never deny; enforce failures always deny.
#
# prod enforces: an SBOM (mc ingest <digest> --sbom F), no unwaived CRITICAL/HIGH finding (that needs
#   a scan report, mc ingest --scan F, or synced advisories, mc advisories sync), and not revoked.
# What this starter leaves out of prod, and how to turn it on:
#   signatures, provenance: advisory (reported, never deny). To enforce them, pin who may sign:
#     mc trust init (Sigstore keyless) or your own key in SECURITY/trust-policy.yaml; ingest
#     signed evidence (mc ingest <digest> --signature F --attestation F); then set both to enforce.
#     mc demo shows the whole path with a generated key (its NEXT.md lists the commands).
#   slo_burn_rate: off. It needs Prometheus: set MC_PROMETHEUS_URL and load the recording rule in
#     deploy/prometheus/rules.yaml (or give the gate a query:), then set
#     slo_burn_rate: { mode: enforce, max: 2.0 }
# mc init --profile default writes the full profile, every gate above enforced in prod (run it in an
# empty directory to compare; --force would also replace policy/waivers.yaml). mc gates lint checks an edit.
version: 1
environments:            # environment name -> profile
  dev: dev
  staging: prod
  prod: prod
profiles:
  dev:
    sbom: advisory
    signatures: advisory
    provenance: off
    vulnerabilities: { mode: advisory, block: [CRITICAL], unknown_severity: HIGH }
    slo_burn_rate: off
  prod:
    sbom: enforce
    signatures: advisory
    provenance: advisory
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
    slo_burn_rate: off
    promotable: enforce
waivers:
  max_ttl: 30d
`;

export type GatesProfileName = 'default' | 'starter';

/** What `mc init --profile NAME` writes; `default` is DESIGN.md's canonical file. */
export const GATES_PROFILES: Record<GatesProfileName, string> = {
  default: DEFAULT_GATES_YAML,
  starter: STARTER_GATES_YAML,
};

import { DEFAULT_GATES_YAML } from './gates-schema.js';

/**
 * The gates.yaml a newcomer can satisfy by hand on the first day: prod enforces what needs nothing
 * but an SBOM (and a scan or an advisory mirror), and reports the rest. The comment block says what
 * it leaves out and how to turn each part on, since the file is all a reader will look at.
 */
const STARTER_HEADER = `# Maestro Conductor gates, starter profile (mc init --profile starter).
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
#     deploy/prometheus/mc-rules.yaml (or give the gate a query:), then set
#     slo_burn_rate: { mode: enforce, max: 2.0 }
# mc init --profile default writes the full profile, every gate above enforced in prod (run it in an
# empty directory to compare; --force would also replace policy/waivers.yaml). mc gates lint checks an edit.
`;

/**
 * The default file with the lines that relax prod replaced, so the two share one structure: an
 * edit of the default reaches the starter, and a line the starter relaxes that is gone is a
 * programming error here, not a silently stricter starter.
 */
function relax(yaml: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  let out = yaml;
  for (const [from, to] of replacements) {
    if (!out.includes(from))
      throw new Error(`gates-profiles: the default gates.yaml no longer has ${JSON.stringify(from)}`);
    out = out.replace(from, to);
  }
  return out;
}

export const STARTER_GATES_YAML =
  STARTER_HEADER +
  relax(DEFAULT_GATES_YAML.slice(DEFAULT_GATES_YAML.indexOf('version: 1')), [
    ['    slo_burn_rate: { mode: advisory, max: 3.0 }\n', '    slo_burn_rate: off\n'],
    ['    signatures: enforce\n    provenance: enforce\n', '    signatures: advisory\n    provenance: advisory\n'],
    ['    slo_burn_rate: { mode: enforce, max: 2.0 }\n', '    slo_burn_rate: off\n'],
  ]);

export type GatesProfileName = 'default' | 'starter';

/** What `mc init --profile NAME` writes; `default` is DESIGN.md's canonical file. */
export const GATES_PROFILES: Record<GatesProfileName, string> = {
  default: DEFAULT_GATES_YAML,
  starter: STARTER_GATES_YAML,
};

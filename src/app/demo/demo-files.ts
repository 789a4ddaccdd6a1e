/**
 * Where `mc demo` leaves everything it used, relative to its workspace, so every step can be
 * re-run by hand (NEXT.md lists the commands). Paths use `/`: they are printed into shell commands.
 */
export const DEMO_FILES = {
  gates: 'policy/data/gates.yaml',
  policyWaivers: 'policy/waivers.yaml',
  trustPolicy: 'SECURITY/trust-policy.yaml',
  publicKey: 'SECURITY/demo-release-key.pub.pem',
  privateKey: 'SECURITY/demo-release-key.pem',
  sbom: 'release/sbom.cdx.json',
  scan: 'release/osv-scanner.json',
  provenance: 'release/provenance.intoto.json',
  attestation: 'release/provenance.dsse.json',
  waivers: 'release/waivers.yaml',
  next: 'NEXT.md',
} as const;

/** The two owned, time-boxed waivers the demo adds (through the waiver API, as `mc waivers add` does). */
export const DEMO_WAIVERS = [
  {
    advisory: 'CVE-2021-23337',
    owner: 'team-payments',
    ttl: '7d',
    reason: 'lodash.template is never called with user input; upgrade to 4.17.21 tracked in PAY-481',
  },
  {
    advisory: 'GHSA-xvch-5gv4-984h',
    owner: 'team-payments',
    ttl: '7d',
    reason: 'minimist only parses our own CLI flags at build time, never request data; removal tracked in PAY-482',
  },
] as const;

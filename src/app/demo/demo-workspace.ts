import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_GATES_YAML } from '../../policy/gates-schema.js';
import { DEMO_FILES, DEMO_WAIVERS } from './demo-files.js';
import { nextStepsMarkdown } from './next-steps.js';
import { DEMO_BUILDER, DEMO_REPOSITORY, type SampleRelease } from './sample-release.js';

/** The demo's gates: the canonical file, but prod's SLO gate advisory (no Prometheus in a demo). */
export const DEMO_GATES = DEFAULT_GATES_YAML.replace(
  '    slo_burn_rate: { mode: enforce, max: 2.0 }\n    promotable: enforce',
  '    # The demo has no Prometheus, so the SLO burn-rate gate is advisory here (enforce fails closed without one).\n    slo_burn_rate: { mode: advisory, max: 2.0 }\n    promotable: enforce',
);

function trustPolicy(): string {
  const env = (name: string) => `  ${name}:
    keys: [demo-release-key]
    builders: [{ exact: "${DEMO_BUILDER}" }]
    source_repositories: [{ exact: "${DEMO_REPOSITORY}" }]
    tlog_entries: 0
    timestamps: 0
`;
  return `# Demo trust policy: one release key generated for this run, pinned; nothing else is trusted.
version: 1
keys:
  - name: demo-release-key
    pem: demo-release-key.pub.pem
environments:
${env('dev')}${env('staging')}${env('prod')}`;
}

/** The demo's waivers in policy/waivers.yaml form, for whoever would rather keep them in git. */
function waiversYaml(digest: string, created: string): string {
  const items = DEMO_WAIVERS.map(
    (w) => `  - advisory: ${w.advisory}
    digest: ${digest}
    owner: ${w.owner}
    reason: ${w.reason}
    created: ${created}
    ttl: ${w.ttl}
`,
  ).join('');
  return `# The demo's two waivers in policy/waivers.yaml form. The demo added them to its store with the
# waiver API (what \`mc waivers add\` does); copying this file to policy/waivers.yaml has the same effect.
version: 1
waivers:
${items}`;
}

/**
 * Writes the workspace: policies, trust policy, both halves of the release key (the private one
 * mode 0600), every evidence file the demo ingests, the waivers and NEXT.md. Files already there
 * are replaced: a re-run generates a new key, and stale evidence signed by the old one would mislead.
 */
export function writeDemoWorkspace(dir: string, release: SampleRelease, now: Date, mcBin?: string): void {
  const put = (rel: string, content: string | Uint8Array, mode = 0o644) => {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    // writeFileSync's mode applies only when it creates the file: narrow an existing one before writing a key into it.
    if (existsSync(file)) chmodSync(file, mode);
    writeFileSync(file, content, { mode });
  };
  put(DEMO_FILES.gates, DEMO_GATES);
  put(DEMO_FILES.policyWaivers, 'version: 1\nwaivers: []\n');
  put(DEMO_FILES.publicKey, release.publicKeyPem);
  put(DEMO_FILES.privateKey, release.privateKeyPem, 0o600);
  put(DEMO_FILES.trustPolicy, trustPolicy());
  put(DEMO_FILES.sbom, release.sbom);
  put(DEMO_FILES.scan, release.scan);
  put(DEMO_FILES.provenance, release.provenance);
  put(DEMO_FILES.attestation, release.signedProvenance);
  put(DEMO_FILES.waivers, waiversYaml(release.digest, now.toISOString()));
  put(DEMO_FILES.next, nextStepsMarkdown({ dir, digest: release.digest, now, ...(mcBin ? { mcBin } : {}) }));
}

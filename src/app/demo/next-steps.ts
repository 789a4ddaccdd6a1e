import { DEMO_FILES as F, DEMO_WAIVERS } from './demo-files.js';
import { DEMO_NAME } from './sample-release.js';

/** Quotes a word for a POSIX shell only when it needs it (paths with spaces, reasons with `;`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface NextStepsInput {
  /** The demo's workspace, absolute. */
  dir: string;
  digest: string;
  /** The demo's clock: pinned with MC_NOW so the hand-run records the same times. */
  now: Date;
  /** The built `mc` entry point, when known (dist/cli/main.js). */
  mcBin?: string;
}

/**
 * NEXT.md: what the demo left in its workspace, and the exact commands that re-run each of its
 * steps by hand into a fresh store beside the demo's. The first `sh` block is the demo, step for
 * step (test/cli/demo-next-steps.test.ts runs it and expects the demo's outcomes, given by the
 * `# exit N` comments); the second signs a statement with the demo key using openssl only.
 */
export function nextStepsMarkdown({ dir, digest, now, mcBin }: NextStepsInput): string {
  const d = digest;
  const waiverLines = DEMO_WAIVERS.map(
    (w) =>
      `mc waivers add --advisory ${w.advisory} --digest ${d} --owner ${w.owner} --ttl ${w.ttl} --reason ${shellQuote(w.reason)}`,
  );
  const mc = mcBin
    ? `\`alias mc="node ${mcBin}"\` (or \`npm link\` in the checkout)`
    : '`npm link` in the checkout (or `alias mc="node <checkout>/dist/cli/main.js"`)';
  return `# Next: the demo by hand

\`mc demo\` left everything it used in this workspace (${dir}):

| file | what it is |
|---|---|
| \`${F.sbom}\` | CycloneDX 1.5 SBOM of the sample release ${DEMO_NAME} |
| \`${F.scan}\` | osv-scanner report: lodash 4.17.20 (HIGH) and minimist 1.2.5 (CRITICAL) |
| \`${F.provenance}\` | SLSA v1 provenance statement, unsigned |
| \`${F.attestation}\` | the same statement signed: a DSSE envelope (ECDSA P-256, the release key) |
| \`${F.privateKey}\` | the release key's private half (mode 0600). A demo key: never sign anything real with it |
| \`${F.publicKey}\` | its public half, pinned by \`${F.trustPolicy}\` |
| \`${F.trustPolicy}\` | trusts that key, the demo builder and source repository, nothing else |
| \`${F.gates}\` | the canonical gates, but prod's \`slo_burn_rate\` advisory (no Prometheus here) |
| \`${F.policyWaivers}\` | file waivers: none (the demo added its waivers to the store) |
| \`${F.waivers}\` | the demo's two waivers in policy/waivers.yaml form, to keep them in git instead |
| \`.mc/\` | the demo's store: \`mc show ${d}\` reads it back |

## Re-run every step by hand

\`mc\` is the built CLI: ${mc}.
These commands use a fresh store (\`MC_HOME=.mc-by-hand\`) beside the demo's own, and the
demo's clock (\`MC_NOW\`), so they record the same decisions at the same times. The comment on each
\`mc verify\` line is the outcome the demo had.

\`\`\`sh
cd ${shellQuote(dir)}
unset MC_DATABASE_URL MC_TRUST_POLICY MC_WORKDIR MC_PROMETHEUS_URL
export MC_HOME=.mc-by-hand
export MC_NOW=${now.toISOString()}
mc init
mc ingest ${d} --name ${DEMO_NAME} --sbom ${F.sbom} --provenance ${F.provenance} --scan ${F.scan}
mc verify ${d} --env dev  # exit 0: allowed; the advisory gates say what to fix
mc verify ${d} --env prod  # exit 1: denied: no signature, unsigned provenance, two blocking advisories
mc ingest ${d} --attestation ${F.attestation}
${waiverLines.join('\n')}
mc verify ${d} --env prod  # exit 0: allowed: signed provenance, both advisories waived with an owner and an expiry
\`\`\`

\`mc init\` keeps \`policy/\` and \`SECURITY/\` (they exist) and creates the new store and its ledger key.
Add \`--json\` to any command for its JSON; \`mc show ${d}\` shows what the store now holds.

## Sign a statement yourself

The release key signs any in-toto statement; with openssl alone (DSSE v1: the signature covers
\`DSSEv1 <len(type)> <type> <len(body)> <body>\`), after the block above:

\`\`\`sh
type=application/vnd.in-toto+json
body=${F.provenance}
{ printf 'DSSEv1 %s %s %s ' "\${#type}" "$type" "$(wc -c < "$body" | tr -d ' ')"; cat "$body"; } | openssl dgst -sha256 -sign ${F.privateKey} | openssl base64 -A > release/my-provenance.sig
printf '{"payloadType":"%s","payload":"%s","signatures":[{"keyid":"","sig":"%s"}]}\\n' "$type" "$(openssl base64 -A < "$body")" "$(cat release/my-provenance.sig)" > release/my-provenance.dsse.json
mc ingest ${d} --attestation release/my-provenance.dsse.json
mc verify ${d} --env prod  # exit 0: allowed
\`\`\`

## Your own release

- \`mc init --profile starter\` writes gates a first release can pass in prod (SBOM and
  vulnerabilities enforced; signatures and provenance advisory; no Prometheus needed); the comment
  at the top of the gates.yaml it writes says how to turn the rest on.
- Not an OCI image? \`mc digest FILE\` prints the \`sha256:<hex>\` digest to ingest and verify it under.
`;
}

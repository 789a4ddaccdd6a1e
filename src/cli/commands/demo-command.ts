import type { Command } from 'commander';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeSampleRelease, DEMO_BUILDER, DEMO_NAME, DEMO_REPOSITORY } from '../../app/demo/sample-release.js';
import { GateService } from '../../app/gate-service.js';
import { PolicySource } from '../../app/policy-source.js';
import { configuredProviders } from '../../app/providers.js';
import { resolveConfig } from '../../config/config.js';
import type { Decision } from '../../domain/decision.js';
import { DEFAULT_GATES_YAML } from '../../policy/gates-schema.js';
import { openStore } from '../../store/open-store.js';
import { clockFromEnv } from '../cli-context.js';
import { ExitRequest, EXIT, printJson } from '../cli-output.js';
import { printDecision } from './verify-command.js';

/** The demo's gates: the canonical file, but prod's SLO gate advisory (no Prometheus in a demo). */
const DEMO_GATES = DEFAULT_GATES_YAML.replace(
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

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('gate a realistic sample release end to end in a fresh workspace on the embedded SQLite store')
    .option('--dir <dir>', 'workspace to create (default: a new temporary directory)')
    .option('--json', 'print every step as JSON')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const dir = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'mc-demo-'));
      mkdirSync(join(dir, 'policy', 'data'), { recursive: true });
      mkdirSync(join(dir, 'SECURITY'), { recursive: true });
      const clock = clockFromEnv();
      const release = makeSampleRelease(clock());
      writeFileSync(join(dir, 'policy', 'data', 'gates.yaml'), DEMO_GATES);
      writeFileSync(join(dir, 'policy', 'waivers.yaml'), 'version: 1\nwaivers: []\n');
      writeFileSync(join(dir, 'SECURITY', 'demo-release-key.pub.pem'), release.publicKeyPem);
      writeFileSync(join(dir, 'SECURITY', 'trust-policy.yaml'), trustPolicy());

      const config = resolveConfig({}, { workDir: dir, home: join(dir, '.mc') });
      const store = await openStore(config, clock);
      const policies = new PolicySource(config.gatesFile, config.waiversFile, 0);
      const service = new GateService(store, policies, clock, configuredProviders(config, policies, clock, store));
      const steps: Array<{ step: string; env?: string; allow?: boolean; decision?: Decision; stored?: unknown }> = [];
      const say = (text: string) => {
        if (!opts.json) console.log(text);
      };
      const verify = async (env: string, step: string) => {
        const { decision } = await service.verify(release.digest, env, 'always');
        steps.push({ step, env, allow: decision.allow, decision });
        if (!opts.json) printDecision(decision, 'recorded');
        return decision;
      };
      try {
        say(`Maestro Conductor demo — workspace ${dir}\n`);
        say(`1. A sample release of ${DEMO_NAME} (${release.digest}):`);
        say('   CycloneDX 1.5 SBOM, SLSA v1 provenance (unsigned), osv-scanner report. Ingesting…');
        const first = await service.ingest(release.digest, [
          { kind: 'sbom', bytes: release.sbom, label: 'sbom.cdx.json' },
          { kind: 'provenance', bytes: release.provenance, label: 'provenance.intoto.json' },
          { kind: 'scan', bytes: release.scan, label: 'osv-scanner.json' },
        ], { name: DEMO_NAME });
        steps.push({ step: 'ingest', stored: first.evidence });
        for (const e of first.evidence) say(`   stored ${e.kind.padEnd(10)} ${e.format.padEnd(20)} ${e.summary}`);

        say('\n2. Verify for dev (advisory gates: allowed, with what to fix):');
        const dev = await verify('dev', 'verify-dev');
        say('\n3. Verify for prod (enforced gates):');
        const prodBefore = await verify('prod', 'verify-prod-before');

        say('\n4. Adding the missing evidence: the provenance signed (DSSE, pinned release key), and');
        say('   time-boxed waivers with owners for the two blocking advisories.');
        const second = await service.ingest(release.digest, [{ kind: 'attestation', bytes: release.signedProvenance, label: 'provenance.dsse.json' }]);
        steps.push({ step: 'ingest-attestation', stored: second.evidence });
        const created = clock().toISOString();
        writeFileSync(join(dir, 'policy', 'waivers.yaml'), `version: 1
waivers:
  - advisory: CVE-2021-23337
    digest: ${release.digest}
    owner: team-payments
    reason: lodash.template is never called with user input; upgrade to 4.17.21 tracked in PAY-481
    created: ${created}
    ttl: 7d
  - advisory: GHSA-xvch-5gv4-984h
    digest: ${release.digest}
    owner: team-payments
    reason: minimist only parses our own CLI flags at build time, never request data; removal tracked in PAY-482
    created: ${created}
    ttl: 7d
`);
        say('\n5. Verify for prod again:');
        const prodAfter = await verify('prod', 'verify-prod-after');
        const ok = dev.allow && !prodBefore.allow && prodAfter.allow;
        if (opts.json) printJson({ workspace: dir, digest: release.digest, ok, steps });
        else {
          say(`\n${ok ? 'Done' : 'Unexpected outcome'}: dev ${dev.allow ? 'allowed' : 'denied'}, prod ${prodBefore.allow ? 'allowed' : 'denied'} before and ${prodAfter.allow ? 'allowed' : 'denied'} after the evidence and waivers.`);
          say(`Every decision is recorded; look around with:  cd ${dir} && mc show ${release.digest}`);
        }
        throw new ExitRequest(ok ? EXIT.ok : EXIT.deny);
      } finally {
        await store.close();
      }
    });
}

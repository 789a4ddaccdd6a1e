import type { Command } from 'commander';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FILES, DEMO_WAIVERS } from '../../app/demo/demo-files.js';
import { writeDemoWorkspace } from '../../app/demo/demo-workspace.js';
import { makeSampleRelease, DEMO_NAME } from '../../app/demo/sample-release.js';
import { openInstallation } from '../../app/installation.js';
import { resolveConfig } from '../../config/config.js';
import type { Decision } from '../../domain/decision.js';
import { cliClock } from '../cli-context.js';
import { ExitRequest, EXIT, printJson } from '../cli-output.js';
import { printDecision } from './verify-command.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('gate a realistic sample release end to end in a fresh workspace on the embedded SQLite store')
    .option('--dir <dir>', 'workspace to create (default: a new temporary directory)')
    .option('--json', 'print every step as JSON')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const dir = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'mc-demo-'));
      const clock = cliClock();
      const release = makeSampleRelease(clock());
      // The built entry point, named in NEXT.md when it exists (not when run from source).
      const bin = fileURLToPath(new URL('../main.js', import.meta.url));
      writeDemoWorkspace(dir, release, clock(), existsSync(bin) ? bin : undefined);

      // The demo's own installation in its workspace: nothing of the caller's MC_* settings but the clock.
      const config = resolveConfig({}, { workDir: dir, home: join(dir, '.mc') });
      const installation = await openInstallation(config, clock);
      const service = installation.gate;
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
          { kind: 'sbom', bytes: release.sbom, label: DEMO_FILES.sbom },
          { kind: 'provenance', bytes: release.provenance, label: DEMO_FILES.provenance },
          { kind: 'scan', bytes: release.scan, label: DEMO_FILES.scan },
        ], { name: DEMO_NAME });
        steps.push({ step: 'ingest', stored: first.evidence });
        for (const e of first.evidence) say(`   stored ${e.kind.padEnd(10)} ${e.format.padEnd(20)} ${e.summary}`);

        say('\n2. Verify for dev (advisory gates: allowed, with what to fix):');
        const dev = await verify('dev', 'verify-dev');
        say('\n3. Verify for prod (enforced gates):');
        const prodBefore = await verify('prod', 'verify-prod-before');

        say('\n4. Adding the missing evidence: the provenance signed (DSSE, pinned release key), and');
        say('   time-boxed waivers with owners for the two blocking advisories.');
        const second = await service.ingest(release.digest, [{ kind: 'attestation', bytes: release.signedProvenance, label: DEMO_FILES.attestation }]);
        steps.push({ step: 'ingest-attestation', stored: second.evidence });
        // Through the waiver API, as `mc waivers add` does (NEXT.md repeats it), so policy/waivers.yaml stays empty.
        const waivers = installation.waivers;
        const added = [];
        for (const w of DEMO_WAIVERS) added.push(await waivers.add({ ...w, digest: release.digest }, 'demo'));
        steps.push({ step: 'add-waivers', stored: added });
        say('\n5. Verify for prod again:');
        const prodAfter = await verify('prod', 'verify-prod-after');
        const ok = dev.allow && !prodBefore.allow && prodAfter.allow;
        if (opts.json) printJson({ workspace: dir, digest: release.digest, ok, files: DEMO_FILES, steps });
        else {
          say(`\n${ok ? 'Done' : 'Unexpected outcome'}: dev ${dev.allow ? 'allowed' : 'denied'}, prod ${prodBefore.allow ? 'allowed' : 'denied'} before and ${prodAfter.allow ? 'allowed' : 'denied'} after the evidence and waivers.`);
          say(`Every decision is recorded; look around with:  cd ${dir} && mc show ${release.digest}`);
          say(`The SBOM, scan, provenance (unsigned and signed), release key and waivers are in ${dir};`);
          say(`${join(dir, DEMO_FILES.next)} lists the commands that re-run each step by hand.`);
        }
        throw new ExitRequest(ok ? EXIT.ok : EXIT.deny);
      } finally {
        await installation.close();
      }
    });
}

import { join } from 'node:path';
import { resolveConfig } from '../../config/config.js';
import type { Clock } from '../../domain/clock.js';
import type { Decision } from '../../domain/decision.js';
import { openInstallation } from '../installation.js';
import { DEMO_FILES, DEMO_WAIVERS } from './demo-files.js';
import { writeDemoWorkspace } from './demo-workspace.js';
import { DEMO_NAME, makeSampleRelease } from './sample-release.js';

export interface DemoStep {
  step: string;
  env?: string;
  allow?: boolean;
  decision?: Decision;
  stored?: unknown;
}

/** How the demo tells its story as it goes: narration lines and each decision as it is made. */
export interface DemoReporter {
  say(text: string): void;
  decision(decision: Decision): void;
}

export interface DemoResult {
  workspace: string;
  digest: string;
  /** dev allowed, prod denied before and allowed after the signed provenance and waivers. */
  ok: boolean;
  files: typeof DEMO_FILES;
  steps: DemoStep[];
  outcome: { dev: boolean; prodBefore: boolean; prodAfter: boolean };
}

/**
 * The demo as a use case: writes a sample release into `dir` (SBOM, scan, provenance unsigned and
 * signed, key pair, policies, NEXT.md), then gates it on its own embedded store: dev allowed with
 * advisories, prod denied, prod allowed once the signed provenance and owned waivers are added.
 * `bin` is the built entry point NEXT.md names, when there is one.
 */
export async function runDemo(dir: string, clock: Clock, reporter: DemoReporter, bin?: string): Promise<DemoResult> {
  const release = makeSampleRelease(clock());
  writeDemoWorkspace(dir, release, clock(), bin);
  // The demo's own installation in its workspace: nothing of the caller's MC_* settings but the clock.
  const installation = await openInstallation(resolveConfig({}, { workDir: dir, home: join(dir, '.mc') }), clock);
  const { gate } = installation;
  const steps: DemoStep[] = [];
  const verify = async (env: string, step: string) => {
    const { decision } = await gate.verify(release.digest, env, 'always');
    steps.push({ step, env, allow: decision.allow, decision });
    reporter.decision(decision);
    return decision.allow;
  };
  const { say } = reporter;
  try {
    say(`Maestro Conductor demo — workspace ${dir}\n`);
    say(`1. A sample release of ${DEMO_NAME} (${release.digest}):`);
    say('   CycloneDX 1.5 SBOM, SLSA v1 provenance (unsigned), osv-scanner report. Ingesting…');
    const first = await gate.ingest(
      release.digest,
      [
        { kind: 'sbom', bytes: release.sbom, label: DEMO_FILES.sbom },
        { kind: 'provenance', bytes: release.provenance, label: DEMO_FILES.provenance },
        { kind: 'scan', bytes: release.scan, label: DEMO_FILES.scan },
      ],
      { name: DEMO_NAME },
    );
    steps.push({ step: 'ingest', stored: first.evidence });
    for (const e of first.evidence) say(`   stored ${e.kind.padEnd(10)} ${e.format.padEnd(20)} ${e.summary}`);

    say('\n2. Verify for dev (advisory gates: allowed, with what to fix):');
    const dev = await verify('dev', 'verify-dev');
    say('\n3. Verify for prod (enforced gates):');
    const prodBefore = await verify('prod', 'verify-prod-before');

    say('\n4. Adding the missing evidence: the provenance signed (DSSE, pinned release key), and');
    say('   time-boxed waivers with owners for the two blocking advisories.');
    const second = await gate.ingest(release.digest, [
      { kind: 'attestation', bytes: release.signedProvenance, label: DEMO_FILES.attestation },
    ]);
    steps.push({ step: 'ingest-attestation', stored: second.evidence });
    // Through the waiver API, as `mc waivers add` does (NEXT.md repeats it), so policy/waivers.yaml stays empty.
    const added = [];
    for (const w of DEMO_WAIVERS) added.push(await installation.waivers.add({ ...w, digest: release.digest }, 'demo'));
    steps.push({ step: 'add-waivers', stored: added });
    say('\n5. Verify for prod again:');
    const prodAfter = await verify('prod', 'verify-prod-after');
    const ok = dev && !prodBefore && prodAfter;
    say(
      `\n${ok ? 'Done' : 'Unexpected outcome'}: dev ${dev ? 'allowed' : 'denied'}, prod ${prodBefore ? 'allowed' : 'denied'} before and ${prodAfter ? 'allowed' : 'denied'} after the evidence and waivers.`,
    );
    say(`Every decision is recorded; look around with:  cd ${dir} && mc show ${release.digest}`);
    say(`The SBOM, scan, provenance (unsigned and signed), release key and waivers are in ${dir};`);
    say(`${join(dir, DEMO_FILES.next)} lists the commands that re-run each step by hand.`);
    return {
      workspace: dir,
      digest: release.digest,
      ok,
      files: DEMO_FILES,
      steps,
      outcome: { dev, prodBefore, prodAfter },
    };
  } finally {
    await installation.close();
  }
}

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readPolicyFile } from '../../app/policy-file.js';
import { cliConfig } from '../cli-context.js';
import { planGates } from '../../policy/gate-plan.js';
import { GATES_SCHEMA } from '../../policy/gates-schema.js';
import { lintGatesText, loadGates } from '../../policy/gates.js';
import { PolicyError, formatIssue, type LintIssue } from '../../policy/policy-error.js';
import { lintWaiversText } from '../../policy/waivers.js';
import { ExitRequest, EXIT, printJson } from '../cli-output.js';

function readPolicy(file: string): Uint8Array {
  return readPolicyFile(file, file, `${file} not found; run mc init to create it`);
}

/** A file lint could not read at all is one more issue, so the other file is still linted. */
function readForLint(file: string, issues: LintIssue[]): Uint8Array | undefined {
  try {
    return readPolicy(file);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    issues.push({ file, line: 1, column: 1, severity: 'error', path: '', message: e.message });
    return undefined;
  }
}

export function registerPolicyCommands(program: Command): void {
  program
    .command('plan')
    .description('show the gate graph of an environment: which gates run, in which mode, what each needs')
    .requiredOption('--env <env>', 'environment name from gates.yaml')
    .option('--json', 'print nodes and edges as JSON')
    .action((opts: { env: string; json?: boolean }) => {
      const config = cliConfig();
      const plan = planGates(loadGates(readPolicy(config.gatesFile), config.gatesFile), opts.env);
      if (opts.json) return printJson(plan);
      console.log(`env ${plan.env} → profile ${plan.profile} (policy ${plan.policyHash})`);
      for (const n of plan.nodes.filter((n) => n.id !== 'decision'))
        console.log(`  ${n.id.padEnd(16)} ${(n.mode ?? '').padEnd(9)} needs: ${n.needs.join('; ')}`);
      console.log('edges:');
      for (const e of plan.edges) console.log(`  ${e.from} → ${e.to}: ${e.why}`);
    });

  const gates = program.command('gates').description('gates.yaml tools');
  gates
    .command('lint')
    .description(
      'check gates.yaml and waivers.yaml, both always, every problem with file:line:column and a hint (exit 2 on errors)',
    )
    .option('--file <file>', 'gates file (default policy/data/gates.yaml)')
    .option('--waivers <file>', 'waivers file (default policy/waivers.yaml; a missing one means no waivers)')
    .option('--json', 'print the issues as JSON')
    .action((opts: { file?: string; waivers?: string; json?: boolean }) => {
      const config = cliConfig();
      const file = opts.file ?? config.gatesFile;
      const waiversFile = opts.waivers ?? config.waiversFile;
      const all: LintIssue[] = [];
      const gatesBytes = readForLint(file, all);
      const parsed = gatesBytes === undefined ? undefined : lintGatesText(gatesBytes, file);
      all.push(...(parsed?.issues ?? []));
      // waivers.yaml is linted even when gates.yaml has errors; its TTLs are checked against
      // waivers.max_ttl only when gates.yaml gave one.
      const lintWaivers = opts.waivers !== undefined || existsSync(waiversFile);
      const files = lintWaivers ? [file, waiversFile] : [file];
      const waiversBytes = lintWaivers ? readForLint(waiversFile, all) : undefined;
      if (waiversBytes !== undefined)
        all.push(...lintWaiversText(waiversBytes, waiversFile, parsed?.gates?.waivers.max_ttl).issues);
      const errors = all.filter((i) => i.severity === 'error').length;
      if (opts.json) printJson({ ok: errors === 0, files, issues: all });
      else if (all.length === 0) for (const f of files) console.log(`${f}: ok`);
      else for (const i of all) console.log(formatIssue(i));
      throw new ExitRequest(errors > 0 ? EXIT.input : EXIT.ok);
    });
  gates
    .command('schema')
    .description('print the JSON Schema of gates.yaml (for editors and CI linters)')
    .action(() => printJson(GATES_SCHEMA));
}

import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../../config/config.js';
import { planGates } from '../../policy/gate-plan.js';
import { GATES_SCHEMA } from '../../policy/gates-schema.js';
import { lintGatesText, loadGates } from '../../policy/gates.js';
import { PolicyError, formatIssue, type LintIssue } from '../../policy/policy-error.js';
import { lintWaiversText } from '../../policy/waivers.js';
import { ExitRequest, EXIT, printJson } from '../cli-output.js';

function readPolicy(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new PolicyError('POLICY_NOT_FOUND', `${file} not found; run mc init to create it`, { kind: 'malformed', path: file });
  }
}

export function registerPolicyCommands(program: Command): void {
  program
    .command('plan')
    .description('show the gate graph of an environment: which gates run, in which mode, what each needs')
    .requiredOption('--env <env>', 'environment name from gates.yaml')
    .option('--json', 'print nodes and edges as JSON')
    .action((opts: { env: string; json?: boolean }) => {
      const config = resolveConfig();
      const plan = planGates(loadGates(readPolicy(config.gatesFile), config.gatesFile), opts.env);
      if (opts.json) return printJson(plan);
      console.log(`env ${plan.env} → profile ${plan.profile} (policy ${plan.policyHash})`);
      for (const n of plan.nodes.filter((n) => n.id !== 'decision')) console.log(`  ${n.id.padEnd(16)} ${(n.mode ?? '').padEnd(9)} needs: ${n.needs.join('; ')}`);
      console.log('edges:');
      for (const e of plan.edges) console.log(`  ${e.from} → ${e.to}: ${e.why}`);
    });

  const gates = program.command('gates').description('gates.yaml tools');
  gates
    .command('lint')
    .description('check gates.yaml and waivers.yaml; every problem with file:line:column and a hint (exit 2 on errors)')
    .option('--file <file>', 'gates file (default policy/data/gates.yaml)')
    .option('--json', 'print the issues as JSON')
    .action((opts: { file?: string; json?: boolean }) => {
      const config = resolveConfig();
      const file = opts.file ?? config.gatesFile;
      const { issues, gates: parsed } = lintGatesText(readPolicy(file), file);
      const all: LintIssue[] = [...issues];
      if (parsed && !opts.file) {
        let text: string | undefined;
        try {
          text = readFileSync(config.waiversFile, 'utf8');
        } catch {
          text = undefined;
        }
        if (text !== undefined) all.push(...lintWaiversText(text, config.waiversFile, parsed.waivers.max_ttl).issues);
      }
      const errors = all.filter((i) => i.severity === 'error').length;
      if (opts.json) printJson({ ok: errors === 0, issues: all });
      else if (all.length === 0) console.log(`${file}: ok`);
      else for (const i of all) console.log(formatIssue(i));
      throw new ExitRequest(errors > 0 ? EXIT.input : EXIT.ok);
    });
  gates
    .command('schema')
    .description('print the JSON Schema of gates.yaml (for editors and CI linters)')
    .action(() => printJson(GATES_SCHEMA));
}

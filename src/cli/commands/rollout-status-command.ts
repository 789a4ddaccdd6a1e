import type { Command } from 'commander';
import { MAX_CHAIN, type RolloutStatus, rolloutStatus } from '../../app/rollout-status.js';
import { InputError } from '../../domain/errors.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

const MARK: Record<string, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'advisory-fail': 'WARN',
  waived: 'WAIVED',
  bypassed: 'BYPASSED',
  skipped: 'SKIP',
};

export function registerRolloutStatus(program: Command): void {
  program
    .command('rollout-status')
    .description(
      'what mc recorded for a rollout: its phase and step as last reported, the gate results per analysis run, and the chain of verify calls, Flagger hooks and admission decisions (mc never calls the Kubernetes API)',
    )
    .argument('<rollout>', '<namespace>/<name> of the Argo Rollout, Flagger Canary or workload')
    .option('--limit <n>', `read at most the newest n events (1-${MAX_CHAIN})`, '200')
    .option('--json', 'print the status as JSON')
    .action(async (rollout: string, opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHAIN)
        throw new InputError('BAD_NUMBER', `--limit must be an integer from 1 to ${MAX_CHAIN}`, { path: '--limit' });
      const ctx = await openContext();
      try {
        const status = await rolloutStatus(ctx.events, rollout, limit);
        if (opts.json) printJson(status);
        else printStatus(status);
      } finally {
        await ctx.close();
      }
    });
}

function printStatus(s: RolloutStatus): void {
  console.log(`${s.workload}: what mc recorded (mc does not ask the Kubernetes API)`);
  if (s.phase) console.log(`  phase ${s.phase.value} (${s.phase.by}, ${s.phase.at})`);
  if (s.step) console.log(`  step  ${s.step.value} (${s.step.by}, ${s.step.at})`);
  console.log(s.runs.length ? 'analysis runs:' : 'analysis runs: none carried a decision');
  for (const r of s.runs) {
    console.log(
      `  ${r.run}  ${r.digest ?? ''} ${r.env ?? ''}  ${r.calls} call(s), ${r.denies} deny  ${r.first} → ${r.last}`,
    );
    console.log(`    latest ${r.latest.allow ? 'ALLOW' : 'DENY'} by ${r.latest.by} at ${r.latest.at}`);
    for (const g of r.latest.gates)
      console.log(
        `      ${(MARK[g.result] ?? g.result).padEnd(8)} ${g.gate.padEnd(16)} ${g.mode.padEnd(8)} ${g.codes.join(', ')}`,
      );
  }
  console.log(`events (newest last${s.truncated ? '; older ones not shown, see --limit' : ''}):`);
  for (const e of s.events) console.log(`  ${e.at}  ${e.env ?? '-'}  ${e.summary}`);
}

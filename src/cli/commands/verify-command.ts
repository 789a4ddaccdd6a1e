import type { Command } from 'commander';
import type { Decision } from '../../domain/decision.js';
import type { RecordMode } from '../../app/gate-service.js';
import { openContext } from '../cli-context.js';
import { localPrincipal } from '../local-principal.js';
import { ExitRequest, EXIT, printJson } from '../cli-output.js';

export function registerVerify(program: Command): void {
  for (const [name, record, description] of [
    [
      'verify',
      'always',
      'decide whether a digest may be promoted to an environment, and record the decision (exit 0 allow, 1 deny, 2 bad input)',
    ],
    ['dry-run', 'never', 'evaluate like verify but record nothing'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<digest>', 'artifact digest, sha256:<64 hex>')
      .requiredOption('--env <env>', 'environment name from gates.yaml')
      .option('--json', 'print the decision JSON')
      .action(async (digest: string, opts: { env: string; json?: boolean }) => {
        const ctx = await openContext();
        try {
          const { decision, recorded } = await ctx.gate.verify(
            digest,
            opts.env,
            record as RecordMode,
            localPrincipal().label, // the decision's ledger entry names cli:<os-user>
          );
          if (opts.json) printJson(decision);
          else
            printDecision(
              decision,
              record === 'never' ? 'dry run: nothing recorded' : recorded ? 'recorded' : 'unchanged',
            );
          throw new ExitRequest(decision.allow ? EXIT.ok : EXIT.deny);
        } finally {
          await ctx.close();
        }
      });
  }
}

const MARK: Record<string, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'advisory-fail': 'WARN',
  waived: 'WAIVED',
  bypassed: 'BYPASSED',
  skipped: 'SKIP',
};

export function printDecision(d: Decision, note: string): void {
  console.log(
    `${d.allow ? 'ALLOW' : 'DENY'} ${d.digest} → ${d.env} (profile ${d.profile}, policy ${d.policyHash.slice(0, 19)}…, ${d.evaluatedAt}; ${note})`,
  );
  for (const g of d.gates) {
    console.log(`  ${MARK[g.result]!.padEnd(8)} ${g.gate.padEnd(16)} ${g.mode}`);
    for (const r of g.reasons) console.log(`           ${r.code}: ${r.message}`);
  }
}

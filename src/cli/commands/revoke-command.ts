import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { RevocationResult } from '../../app/revocation-service.js';
import type { Revocation } from '../../domain/revocation.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

/** The local CLI acts as `cli:<os-user>`, with admin rights over its own store (recorded as such). */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (some containers): the environment's name, else an honest unknown.
    return `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`;
  }
}

interface Flags {
  env?: string;
  reason?: string;
  json?: boolean;
}

/** `mc revoke` and `mc reinstate`: manual revocation, propagated to every descendant, each change recorded. */
export function registerRevoke(program: Command): void {
  program
    .command('revoke')
    .description('make a digest and every descendant non-promotable (every environment unless --env), recorded')
    .argument('<digest>', 'sha256:<64 hex>, already in the store')
    .option('--env <env>', 'only in this environment (gates.yaml)')
    .option('--reason <text>', 'why (required; recorded in the ledger)')
    .option('--json', 'print the result as JSON')
    .action(async (digest: string, opts: Flags) => run('revoke', digest, opts));
  program
    .command('reinstate')
    .description("end a digest's revocation (every environment unless --env) and what it propagated, recorded")
    .argument('<digest>', 'sha256:<64 hex>, the digest that was revoked (not a descendant)')
    .option('--env <env>', 'only its revocation in this environment')
    .option('--reason <text>', 'why it is safe again (required; recorded in the ledger)')
    .option('--json', 'print the result as JSON')
    .action(async (digest: string, opts: Flags) => run('reinstate', digest, opts));
}

async function run(action: 'revoke' | 'reinstate', digest: string, opts: Flags): Promise<void> {
  const ctx = await openContext();
  try {
    const input = { digest, env: opts.env, reason: opts.reason };
    const result =
      action === 'revoke'
        ? await ctx.revocations.revoke(input, cliActor())
        : await ctx.revocations.reinstate(input, cliActor());
    if (opts.json) return printJson(result);
    for (const line of resultLines(result)) console.log(line);
  } finally {
    await ctx.close();
  }
}

export function resultLines(r: RevocationResult): string[] {
  const where = r.env ? `in ${r.env}` : 'in every environment';
  if (!r.changed)
    return [
      r.action === 'revoke'
        ? `${r.digest} is already revoked ${where} (nothing changed)`
        : `${r.digest} has no revocation to end ${where} (nothing changed)`,
    ];
  const verb = r.action === 'revoke' ? 'revoked' : 'reinstated';
  const [, ...propagated] = r.changes;
  return [
    `${verb} ${r.digest} ${where}`,
    ...propagated.map((c) => `  ${verb} ${c.digest}${envOf(c)} (${c.cause}: ${c.chain.join(' → ')})`),
    `${r.changes.length} change(s) recorded in the ledger`,
  ];
}

const envOf = (c: Revocation): string => (c.env ? ` in ${c.env}` : '');

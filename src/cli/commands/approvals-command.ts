import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { cliPrincipal, type Principal } from '../../domain/principal.js';
import { openContext, type CliContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

/** The local CLI holds the store itself: it acts as `cli:<os-user>` (DESIGN "Principals"). */
export function localPrincipal(): Principal {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container's arbitrary uid): still recorded, as cli:unknown
  }
  return cliPrincipal(process.env.USER ?? user);
}

/** `mc approvals request|redeem|rotate-key|exceptions …`: session-bound approvals of the approvals gate. */
export function registerApprovals(program: Command): void {
  const approvals = program
    .command('approvals')
    .description('session-bound approvals (WebAuthn) for the approvals gate, and exceptions');
  approvals
    .command('request')
    .description(
      'print the approval page URL for (digest, env): a person with a registered authenticator approves there',
    )
    .requiredOption('--digest <digest>', 'sha256:<64 hex>')
    .requiredOption('--env <env>', 'environment')
    .option('--json', 'print as JSON')
    .action(async (opts: { digest: string; env: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const page = ctx.approvals.approvals.pageUrl(opts.digest, opts.env);
        if (opts.json) return printJson(page);
        console.log(`approve ${page.digest} for ${page.env} on: ${page.url}`);
        console.log('  (mc serve must be reachable there under the WebAuthn RP ID host name, MC_WEBAUTHN_RP_ID)');
      }),
    );
  approvals
    .command('redeem')
    .description('redeem an approval token for (digest, env): the approvals gate passes until the token expires')
    .argument('<token>', 'the approval token (JWT) the ceremony returned')
    .requiredOption('--digest <digest>', 'sha256:<64 hex> the token must be bound to')
    .requiredOption('--env <env>', 'environment the token must be bound to')
    .option('--json', 'print as JSON')
    .action(async (token: string, opts: { digest: string; env: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const a = await ctx.approvals.approvals.redeem(token, opts, localPrincipal().label);
        if (opts.json) return printJson(a);
        console.log(`approved ${a.digest} for ${a.env} by ${a.subject} until ${a.expiresAt}`);
      }),
    );
  approvals
    .command('rotate-key')
    .description('start signing approval tokens with a new key; the old one stays in the JWKS until its tokens expire')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const r = await ctx.approvals.keys.rotate();
        if (opts.json) return printJson(r);
        console.log(`signing with ${r.kid}; retired ${r.retired.join(', ') || 'none'}`);
      }),
    );
  const exceptions = approvals
    .command('exceptions')
    .description('let a service through the approvals gate in one environment for at most 24 h');
  exceptions
    .command('add')
    .requiredOption('--service <name>', 'artifact name, e.g. registry.example/acme/api')
    .requiredOption('--env <env>', 'environment')
    .requiredOption('--owner <team>', 'who owns the exception')
    .requiredOption('--reason <text>', 'why')
    .requiredOption('--ttl <duration>', 'at most 24h, e.g. 4h')
    .option('--json', 'print as JSON')
    .action(async (opts: Record<string, string> & { json?: boolean }) =>
      withContext(async (ctx) => {
        const { json, ...req } = opts;
        const e = await ctx.approvals.approvals.addException(req, localPrincipal().label);
        if (json) return printJson(e);
        console.log(`added ${e.id}: ${e.service} in ${e.env} until ${e.expiresAt} (owner ${e.owner})`);
      }),
    );
  exceptions
    .command('list')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const all = await ctx.approvals.approvals.listExceptions();
        if (opts.json) return printJson({ exceptions: all });
        for (const e of all)
          console.log(
            `  ${e.status.padEnd(8)} ${e.id}  ${e.service} in ${e.env} until ${e.expiresAt} (owner ${e.owner}): ${e.reason}`,
          );
      }),
    );
  exceptions
    .command('remove')
    .argument('<id>', 'exception id')
    .action(async (id: string) =>
      withContext(async (ctx) => {
        await ctx.approvals.approvals.removeException(id, localPrincipal().label);
        console.log(`removed ${id}`);
      }),
    );
}

export async function withContext(run: (ctx: CliContext) => Promise<void>): Promise<void> {
  const ctx = await openContext();
  try {
    await run(ctx);
  } finally {
    await ctx.close();
  }
}

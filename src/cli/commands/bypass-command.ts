import type { Command } from 'commander';
import { bypassReportMarkdown } from '../../app/approvals/bypass-report.js';
import type { Bypass } from '../../domain/approval.js';
import { printJson } from '../cli-output.js';
import { localPrincipal, withContext } from './approvals-command.js';

/** `mc bypass request|approve|status|report`: the SEV-1 quorum bypass. */
export function registerBypass(program: Command): void {
  const bypass = program
    .command('bypass')
    .description('SEV-1 bypass: three distinct approvers (security, release, owner) open the bypassable gates for 4 h');
  bypass
    .command('request')
    .requiredOption('--digest <digest>', 'sha256:<64 hex>')
    .requiredOption('--env <env>', 'environment')
    .requiredOption('--incident <id>', 'the SEV-1 incident id')
    .requiredOption('--reason <text>', 'why the gates must be bypassed')
    .option('--json', 'print as JSON')
    .action(async (opts: { digest: string; env: string; incident: string; reason: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const { json, ...req } = opts;
        const b = await ctx.approvals.bypass.request(req, localPrincipal());
        const approveUrl = ctx.approvals.bypass.approveUrl(b.id);
        if (json) return printJson({ ...b, approveUrl });
        console.log(`requested ${b.id} for ${b.digest} in ${b.env} (incident ${b.incident})`);
        console.log(`approvers (security, release, owner) approve on: ${approveUrl}`);
      }),
    );
  bypass
    .command('approve')
    .description(
      'without --role: print the page where an approver steps up and approves; with --role: approve here as cli:<os-user>',
    )
    .argument('<id>', 'bypass id')
    .option('--role <role>', 'security | release | owner')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { role?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        if (opts.role === undefined) {
          const b = await ctx.approvals.bypass.status(id);
          const approveUrl = ctx.approvals.bypass.approveUrl(b.id);
          if (opts.json) return printJson({ id: b.id, state: b.state, approveUrl });
          console.log(`approve ${b.id} (${b.state}) on: ${approveUrl}`);
          return;
        }
        // The local CLI holds the store itself: no step-up; recorded as cli:<os-user>.
        const b = await ctx.approvals.bypass.approve(id, opts.role, localPrincipal(), { stepUp: false });
        if (opts.json) return printJson(b);
        print(b);
      }),
    );
  bypass
    .command('status')
    .argument('<id>', 'bypass id')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const b = await ctx.approvals.bypass.status(id);
        if (opts.json) return printJson(b);
        print(b);
      }),
    );
  bypass
    .command('report')
    .description(
      'who approved when, what was bypassed, every decision made under it (Markdown; --json the same as JSON)',
    )
    .argument('<id>', 'bypass id')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const report = await ctx.approvals.bypass.report(id);
        if (opts.json) return printJson(report);
        process.stdout.write(bypassReportMarkdown(report));
      }),
    );
}

function print(b: Bypass): void {
  console.log(`${b.id} ${b.state}: ${b.digest} in ${b.env}, incident ${b.incident}`);
  for (const a of b.approvals) console.log(`  ${a.role.padEnd(8)} ${a.subject} at ${a.approvedAt}`);
  if (b.expiresAt) console.log(`  bypasses ${b.gates.join(', ')} until ${b.expiresAt}`);
}

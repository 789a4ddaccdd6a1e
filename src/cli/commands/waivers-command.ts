import type { Command } from 'commander';
import type { WaiverRequest, WaiverService, WaiverView } from '../../app/waiver-service.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';
import { localPrincipal } from '../local-principal.js';

/** The actor recorded for waivers made or removed from the command line (the store is opened directly, no token). */
const CLI_ACTOR = localPrincipal().label;

/** `mc waivers add|list|due|remove`: API waivers in the store; list and due include file waivers. Times from MC_NOW when set. */
export function registerWaivers(program: Command): void {
  const waivers = program
    .command('waivers')
    .description('time-boxed exceptions for findings (policy/waivers.yaml and the store)');
  waivers
    .command('add')
    .description(
      'add a waiver: select by advisory id (or any alias), digest and/or purl; ttl at most gates.yaml waivers.max_ttl',
    )
    .option('--advisory <id>', 'advisory id or alias, e.g. GHSA-xxxx-xxxx-xxxx or CVE-2026-1234')
    .option('--digest <digest>', 'only for this artifact, sha256:<64 hex>')
    .option('--purl <purl>', 'only for this package (a purl without version covers every version)')
    .requiredOption('--owner <team>', 'who owns the risk')
    .requiredOption('--reason <text>', 'why it is acceptable for now')
    .requiredOption('--ttl <duration>', 'how long, e.g. 7d, 48h')
    .option('--json', 'print the waiver as JSON')
    .action(async (opts: WaiverRequest & { json?: boolean }) =>
      withService(async (service) => {
        const { json, ...fields } = opts;
        const w = await service.add(
          Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
          CLI_ACTOR,
        );
        if (json) return printJson(w);
        console.log(`added ${w.id}: ${selector(w)} owner ${w.owner}, expires ${w.expires}`);
      }),
    );
  waivers
    .command('list')
    .description('list file and API waivers with their status (active, expired, pending)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) =>
      withService(async (service) => {
        const all = await service.list();
        if (opts.json) return printJson({ waivers: all });
        print(all);
      }),
    );
  waivers
    .command('due')
    .description('list active waivers expiring within a window (default gates.yaml waivers.remind_before)')
    .option('--within <duration>', 'window, e.g. 48h, 7d')
    .option('--json', 'print as JSON')
    .action(async (opts: { within?: string; json?: boolean }) =>
      withService(async (service) => {
        const within = opts.within ?? service.remindBefore();
        const due = await service.due(within);
        if (opts.json) return printJson({ within, waivers: due });
        console.log(`${due.length} waiver(s) expiring within ${within}`);
        print(due);
      }),
    );
  waivers
    .command('remove')
    .description('remove an API waiver (file waivers are removed from policy/waivers.yaml)')
    .argument('<id>', 'waiver id')
    .action(async (id: string) =>
      withService(async (service) => {
        await service.remove(id, CLI_ACTOR);
        console.log(`removed ${id}`);
      }),
    );
}

async function withService(run: (service: WaiverService) => Promise<void>): Promise<void> {
  const ctx = await openContext();
  try {
    await run(ctx.waivers);
  } finally {
    await ctx.close();
  }
}

function selector(w: WaiverView): string {
  return (
    [w.advisory && `advisory ${w.advisory}`, w.digest && `digest ${w.digest}`, w.purl && `purl ${w.purl}`]
      .filter(Boolean)
      .join(', ') + ';'
  );
}

function print(list: readonly WaiverView[]): void {
  for (const w of list)
    console.log(
      `  ${w.status.padEnd(8)} ${w.id.padEnd(16)} ${w.source.padEnd(4)} expires ${w.expires}  ${selector(w)} owner ${w.owner}: ${w.reason}`,
    );
}

import type { Command } from 'commander';
import { syncAdvisories, type SyncSummary } from '../../app/advisory-sync.js';
import { checkSourcePath } from '../../app/input-file.js';
import { AdvisoryStore } from '../../store/advisory-store.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];
/** Skipped records printed one per line on stderr before the rest is summarised (--json lists all). */
const SKIP_LINES = 50;

export function registerAdvisories(program: Command): void {
  const advisories = program.command('advisories').description('OSV advisory mirror: sync into the store, show its state');
  advisories
    .command('sync')
    .description('load OSV records from directories and/or all.zip archives into the store, incrementally by `modified`; malformed records are skipped and counted')
    .requiredOption('--from <path>', 'directory of OSV JSON (recursive) or an OSV all.zip; repeatable', collect)
    .option('--json', 'print the sync summary as JSON')
    .addHelpText('after', '\nExample:\n  mc advisories sync --from ./osv-mirror/PyPI/all.zip --from ./osv-mirror/Go/\n')
    .action(async (opts: { from: string[]; json?: boolean }) => {
      for (const p of opts.from) checkSourcePath(p, 'advisory source');
      const ctx = await openContext();
      try {
        const started = performance.now();
        let lastReport = started;
        const summary = await syncAdvisories(new AdvisoryStore(ctx.store.engine), opts.from, {
          now: ctx.service.clock(),
          onProgress: (phase, done, total) => {
            // Progress on stderr for long work, at most about once a second.
            const t = performance.now();
            if (phase === 'read') process.stderr.write(`advisories: read ${total} valid record(s) in ${((t - started) / 1000).toFixed(1)} s\n`);
            else if (t - lastReport >= 1000 || done === total) {
              lastReport = t;
              process.stderr.write(`advisories: written ${done}/${total}\n`);
            }
          },
        });
        logSkipped(summary);
        if (opts.json) return printJson(summary);
        console.log(`synced ${summary.read} record(s) from ${summary.sources.join(', ')}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.withdrawn.length} newly withdrawn, ${summary.skipped} skipped`);
        for (const [code, n] of Object.entries(summary.skippedByReason)) console.log(`  skipped ${code}: ${n}`);
        console.log(`store: ${summary.total} advisories (sync ${summary.syncGeneration})`);
      } finally {
        await ctx.close();
      }
    });
  advisories
    .command('status')
    .description('how many advisories are stored and how many syncs ran (0 = never synced: the vulnerabilities gate fails closed)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openContext();
      try {
        const store = new AdvisoryStore(ctx.store.engine);
        const status = { advisories: await store.count(), syncGeneration: await store.syncGeneration() };
        if (opts.json) return printJson(status);
        console.log(status.syncGeneration === 0 ? 'no advisories synced yet: run mc advisories sync --from <mirror>' : `${status.advisories} advisories (sync ${status.syncGeneration})`);
      } finally {
        await ctx.close();
      }
    });
}

function logSkipped(summary: SyncSummary): void {
  for (const s of summary.skippedRecords.slice(0, SKIP_LINES)) process.stderr.write(`advisories: skipped ${s.path}: ${s.code} ${s.message}\n`);
  if (summary.skipped > SKIP_LINES) process.stderr.write(`advisories: … and ${summary.skipped - SKIP_LINES} more skipped (--json lists all)\n`);
}

import type { Command } from 'commander';
import { coverageOf } from '../../vuln/advisory-coverage.js';
import { syncAdvisories, type SyncSummary } from '../../app/advisory-sync.js';
import { checkSourcePath } from '../../app/input-file.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];
/** Skipped records printed one per line on stderr before the rest is summarised (--json lists all). */
const SKIP_LINES = 50;

export function registerAdvisories(program: Command): void {
  const advisories = program
    .command('advisories')
    .description('OSV advisory mirror: sync into the store, show its state');
  advisories
    .command('sync')
    .description(
      'load OSV records from directories and/or all.zip archives into the store, incrementally by `modified`; malformed records are skipped and counted',
    )
    .requiredOption('--from <path>', 'directory of OSV JSON (recursive) or an OSV all.zip; repeatable', collect)
    .option('--json', 'print the sync summary as JSON')
    .addHelpText('after', '\nExample:\n  mc advisories sync --from ./osv-mirror/PyPI/all.zip --from ./osv-mirror/Go/\n')
    .action(async (opts: { from: string[]; json?: boolean }) => {
      for (const p of opts.from) checkSourcePath(p, 'advisory source');
      const ctx = await openContext();
      try {
        const started = performance.now();
        let lastReport = started;
        const summary = await syncAdvisories(ctx.advisories, opts.from, {
          now: ctx.clock(),
          onProgress: (phase, done, total) => {
            // Progress on stderr for long work, at most about once a second.
            const t = performance.now();
            if (phase === 'read')
              process.stderr.write(
                `advisories: read ${total} valid record(s) in ${((t - started) / 1000).toFixed(1)} s\n`,
              );
            else if (t - lastReport >= 1000 || done === total) {
              lastReport = t;
              process.stderr.write(`advisories: written ${done}/${total}\n`);
            }
          },
        });
        logSkipped(summary);
        if (opts.json) return printJson(summary);
        console.log(
          `synced ${summary.read} record(s) from ${summary.sources.join(', ')}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.withdrawn.length} newly withdrawn, ${summary.skipped} skipped`,
        );
        for (const [code, n] of Object.entries(summary.skippedByReason)) console.log(`  skipped ${code}: ${n}`);
        const covered = Object.entries(summary.coverage).sort(([a], [b]) => a.localeCompare(b));
        console.log(
          `covers: ${covered.length ? covered.map(([e, n]) => `${e} (${n})`).join(', ') : 'no ecosystem (the sources held no valid record)'}`,
        );
        console.log(`store: ${summary.total} advisories (sync ${summary.syncGeneration})`);
      } finally {
        await ctx.close();
      }
    });
  advisories
    .command('status')
    .description(
      'stored advisories, the syncs that ran, and the ecosystems they cover (a component of an uncovered ecosystem fails the vulnerabilities gate closed)',
    )
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openContext();
      try {
        const store = ctx.advisories;
        const syncs = await store.syncs();
        const status = {
          advisories: await store.count(),
          syncGeneration: await store.syncGeneration(),
          syncs: syncs.length,
          lastSyncedAt: syncs.at(-1)?.syncedAt ?? null,
          coverage: coverageOf(syncs),
        };
        if (opts.json) return printJson(status);
        if (status.syncGeneration === 0)
          return console.log('no advisories synced yet: run mc advisories sync --from <mirror>');
        console.log(
          `${status.advisories} advisories from ${status.syncs} sync(s), last at ${status.lastSyncedAt} (generation ${status.syncGeneration})`,
        );
        console.log(
          'coverage (ecosystems the synced sources held records of; components of any other ecosystem have an unknown state):',
        );
        for (const c of status.coverage)
          console.log(
            `  ${c.ecosystem.padEnd(20)} ${String(c.records).padStart(7)} record(s), last synced ${c.lastSyncedAt}`,
          );
      } finally {
        await ctx.close();
      }
    });
}

function logSkipped(summary: SyncSummary): void {
  for (const s of summary.skippedRecords.slice(0, SKIP_LINES))
    process.stderr.write(`advisories: skipped ${s.path}: ${s.code} ${s.message}\n`);
  if (summary.skipped > SKIP_LINES)
    process.stderr.write(`advisories: … and ${summary.skipped - SKIP_LINES} more skipped (--json lists all)\n`);
}

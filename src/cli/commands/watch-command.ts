import type { Command } from 'commander';
import { backgroundJobs } from '../../app/background-jobs.js';
import { isHttpSource } from '../../app/advisory-http-source.js';
import type { CveTickResult } from '../../app/cve-watch.js';
import { checkSourcePath } from '../../app/input-file.js';
import type { TickReport } from '../../app/periodic-job.js';
import { checkWatchSource, DEFAULT_CVE_WATCH_INTERVAL, watchInterval } from '../../config/cve-watch-settings.js';
import { InputError } from '../../domain/errors.js';
import { openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface WatchFlags {
  from?: string[];
  interval?: string;
  once?: boolean;
  json?: boolean;
}

export function registerWatch(program: Command): void {
  const watch = program.command('watch').description('watchers that keep deciding after the deploy');
  watch
    .command('cve')
    .description(
      'sync advisory sources and revoke (cause cve) the digests a new or changed advisory makes non-promotable where the vulnerabilities gate enforces; reinstate them when it is withdrawn, no longer matches or is waived',
    )
    .option(
      '--from <source>',
      'a directory of OSV JSON, an all.zip, or an http(s) OSV mirror URL; repeatable (default MC_CVE_WATCH_SOURCES)',
      collect,
    )
    .option(
      '--interval <duration>',
      `time between ticks, across replicas (default MC_CVE_WATCH_INTERVAL or ${DEFAULT_CVE_WATCH_INTERVAL})`,
    )
    .option('--once', 'run one tick and exit (cron jobs): what it synced, revoked and reinstated')
    .option('--json', 'with --once: print the tick as JSON')
    .addHelpText(
      'after',
      `
Examples:
  mc watch cve --from ./osv-mirror/ --from https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip --interval 15m
  mc watch cve --from ./osv-mirror/ --once --json
Ticks run under a lease: across replicas (and mc serve with MC_CVE_WATCH_SOURCES) one tick per interval.
A source that is missing or fails fails the tick (exit 1 with --once); nothing is changed.
`,
    )
    .action(async (opts: WatchFlags) => {
      const ctx = await openContext();
      try {
        const sources = opts.from?.length ? opts.from : ctx.config.cveWatch.sources;
        if (sources.length === 0)
          throw new InputError(
            'WATCH_SOURCES_MISSING',
            'no advisory source: give --from (or set MC_CVE_WATCH_SOURCES)',
            {
              kind: 'invalid',
              path: '--from',
            },
          );
        for (const s of sources) {
          checkWatchSource(s, '--from');
          if (!isHttpSource(s)) checkSourcePath(s, 'advisory source');
        }
        const intervalMs = opts.interval ? watchInterval(opts.interval, '--interval') : ctx.config.cveWatch.intervalMs;
        // The tick's own error (its code and kind) is kept for the exit code; the job records its message.
        let failure: unknown;
        const spec = ctx.cveWatch.job(sources, intervalMs);
        const run = spec.run;
        spec.run = (jobCtx) =>
          run(jobCtx).catch((e: unknown) => {
            failure = e;
            throw e;
          });
        const jobs = backgroundJobs(ctx, opts.once ? undefined : (r) => logTick(r as TickReport<CveTickResult>));
        const job = jobs.add(spec);
        if (opts.once) {
          const report = await job.runOnce();
          if (report.outcome === 'failed') throw failure ?? new Error(report.error);
          if (report.outcome === 'skipped') {
            const skipped = { skipped: report.skipped, ...(report.heldBy ? { heldBy: report.heldBy } : {}) };
            if (opts.json) printJson(skipped);
            else console.log(`skipped: the cve-watch lease is held by ${report.heldBy ?? 'another tick'}`);
            return;
          }
          if (opts.json) printJson(report.result);
          else printTick(report.result!);
          return;
        }
        jobs.start();
        process.stderr.write(
          `mc watch cve: ${sources.length} source(s), a tick every ${intervalMs / 1000} s (holder ${jobs.holder})\n`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        await jobs.stop();
      } finally {
        await ctx.close();
      }
    });
}

function printTick(r: CveTickResult): void {
  const s = r.synced;
  const notModified = r.notModified.length ? `, ${r.notModified.length} not modified (HTTP 304)` : '';
  console.log(
    `synced ${r.sources.length} source(s): ${s.added} added, ${s.updated} updated, ${s.withdrawn.length} withdrawn, ${s.skipped} skipped${notModified}; ${s.total} advisories stored`,
  );
  console.log(`checked ${r.checked.advisories} advisory(ies) against ${r.checked.components} indexed component(s)`);
  for (const c of r.revoked)
    console.log(
      `revoked ${c.digest} in ${c.env}: ${c.severity ?? ''} ${c.advisory} in ${c.component ?? '?'}`.replace('  ', ' '),
    );
  for (const c of r.reinstated) console.log(`reinstated ${c.digest} in ${c.env}: ${c.advisory}: ${c.reason}`);
  if (r.propagated > 0) console.log(`${r.propagated} descendant(s) changed with them (lineage)`);
  if (r.revoked.length + r.reinstated.length === 0) console.log('no promotable state changed');
}

function logTick(r: TickReport<CveTickResult>): void {
  if (r.outcome === 'failed') process.stderr.write(`mc watch cve: tick failed: ${r.error}\n`);
  else if (r.outcome === 'ok' && r.result)
    process.stderr.write(
      `mc watch cve: tick: ${r.result.synced.added} added, ${r.result.synced.updated} updated, ${r.result.synced.withdrawn.length} withdrawn; ${r.result.revoked.length} revoked, ${r.result.reinstated.length} reinstated\n`,
    );
}

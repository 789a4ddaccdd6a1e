import type { Command } from 'commander';
import { DEFAULT_EVENT_WINDOW, parseEventQuery } from '../../app/event-query.js';
import { EVENT_TYPES, type StoredEvent } from '../../domain/events.js';
import { cliClock, openContext } from '../cli-context.js';
import { printJson } from '../cli-output.js';

/** Details shown on a text line; --json has them all. */
const LINE_DETAILS = 160;

/** `mc events`: what the watchers, revocations, the outbox and the integrations did, and why. Newest first. */
export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('what the watchers, revocations, tickets and integrations did, and why (newest first)')
    .option('--since <when>', `a duration back from now (1h, 7d) or an ISO 8601 time`, DEFAULT_EVENT_WINDOW)
    .option('--until <when>', 'an ISO 8601 time or a duration back from now')
    .option('--digest <digest>', 'only events about this artifact, sha256:<64 hex>')
    .option('--type <types>', `comma-separated: ${EVENT_TYPES.join(', ')} (default: all)`)
    .option('--env <env>', 'only this environment')
    .option('--workload <ns/name>', 'only this workload')
    .option('--cause <cause>', 'only this cause (manual, lineage, cve, a watcher name, an outbox topic)')
    .option('--limit <n>', 'at most this many (1 to 1000)', '100')
    .option('--json', 'print as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const { json, ...flags } = opts;
      // Bad flags fail before the store is opened (exit 2).
      const filter = parseEventQuery(flags as Record<string, string | undefined>, cliClock()());
      const ctx = await openContext();
      try {
        const events = await ctx.events.list(filter);
        if (json) return printJson({ since: filter.since, events });
        console.log(
          `${events.length} event(s) since ${filter.since}${events.length === filter.limit ? ' (limit reached: --limit, --since)' : ''}`,
        );
        for (const e of events) console.log(eventLine(e));
      } finally {
        await ctx.close();
      }
    });
}

export function eventLine(e: StoredEvent): string {
  const subject = [e.env, e.digest, e.workload].filter(Boolean).join(' ');
  const details = JSON.stringify(e.details);
  const shown = details === '{}' ? '' : details.length > LINE_DETAILS ? `${details.slice(0, LINE_DETAILS)}…` : details;
  return [
    e.at,
    e.type.padEnd(10),
    (e.cause ?? '-').padEnd(8),
    subject,
    shown,
    e.ledgerIndex !== undefined ? `ledger #${e.ledgerIndex}` : '',
  ]
    .filter((part) => part !== '')
    .join('  ');
}

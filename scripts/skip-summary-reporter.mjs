// A node:test reporter that lists what was skipped, and why, after the run.
//
// The runner's own closing `# skipped N` counts skipped tests only: a suite skipped as a whole
// (`describe(name, { skip: reason })`, as the PostgreSQL, Prometheus and promtool suites do when
// their service is absent) reports neither itself nor its tests there, so a run that left out
// whole suites could say `skipped 0`. This reporter sees every skip event, suites included, and
// writes a summary meant to follow the runner's closing lines (scripts/test.sh prints it last):
//
//   # skipped suites: 2, skipped tests: 1
//   #   suite  test/store/release-store.test.ts  "ReleaseStore on postgres": skipped: MC_TEST_DATABASE_URL not set …
//   #   test   test/ledger/checkpoint.test.ts  "…": skipped: ../shared/ is absent …
//
// Lines start with `#`, a TAP comment, so TAP consumers reading the same stream ignore them.
import { relative } from 'node:path';

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* skipSummary(source) {
  /** @type {Array<{ kind: 'suite' | 'test', file: string, name: string, reason: string }>} */
  const skipped = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, name, file, details } = event.data;
    if (skip === undefined || skip === false) continue;
    skipped.push({
      kind: details?.type === 'suite' ? 'suite' : 'test',
      file: file ? relative(process.cwd(), file) : '(unknown file)',
      name,
      reason: typeof skip === 'string' && skip !== '' ? skip : '(no reason given)',
    });
  }
  const suites = skipped.filter((s) => s.kind === 'suite');
  const tests = skipped.filter((s) => s.kind === 'test');
  yield `# skipped suites: ${suites.length}, skipped tests: ${tests.length}${suites.length ? ' (a skipped suite is not in the runner\'s "skipped" count above; its tests did not run)' : ''}\n`;
  for (const s of [...suites, ...tests])
    yield `#   ${s.kind.padEnd(5)}  ${s.file}  ${JSON.stringify(s.name)}: ${s.reason}\n`;
}

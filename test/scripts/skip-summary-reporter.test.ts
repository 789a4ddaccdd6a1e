import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';

/** A test file with a suite skipped as a whole, a skipped test, a test that skips itself, and passing tests. */
const FIXTURE = `import { describe, test } from 'node:test';
describe('store on postgres', { skip: 'skipped: MC_TEST_DATABASE_URL not set' }, () => { test('a', () => {}); test('b', () => {}); });
describe('slo against prometheus', () => {
  test('burn rate', { skip: 'skipped: prometheus is not installed' }, () => {});
  test('vectors', (t) => { t.skip('skipped: ../shared/ is absent'); });
});
test('runs', () => {});
`;

function fixture(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-skip-fixture-'));
  const file = join(dir, 'fixture.test.mjs');
  writeFileSync(file, FIXTURE + extra);
  return file;
}

// A nested runner must not think it is a child of this one (it would report to us instead of printing).
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, MC_TEST_DATABASE_URL: 'postgres://not-used' };
  delete e.NODE_TEST_CONTEXT;
  return e;
};

test("scripts/test.sh ends with the skipped suites and tests, counted, each with its reason, after the runner's own closing lines", () => {
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'test.sh'), fixture()], { encoding: 'utf8', env: env() });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const lines = r.stdout.trimEnd().split('\n');
  // The runner's closing lines are still there (CI reads them): they count tests only.
  assert.ok(lines.includes('# skipped 2'), r.stdout);
  assert.ok(lines.includes('# fail 0'));
  const summary = lines.findIndex((l) => l.startsWith('# skipped suites:'));
  assert.ok(
    summary > lines.findIndex((l) => l.startsWith('# duration_ms')),
    "the summary comes after the runner's closing lines",
  );
  assert.match(lines[summary]!, /^# skipped suites: 1, skipped tests: 2\b/);
  const listed = lines.slice(summary + 1);
  assert.equal(listed.length, 3);
  assert.match(
    listed[0]!,
    /^# {3}suite .*fixture\.test\.mjs {2}"store on postgres": skipped: MC_TEST_DATABASE_URL not set$/,
  );
  assert.ok(listed.some((l) => /test .*"burn rate": skipped: prometheus is not installed$/.test(l)));
  assert.ok(listed.some((l) => /test .*"vectors": skipped: \.\.\/shared\/ is absent$/.test(l)));
});

test("scripts/test.sh keeps the runner's exit status: a failing test still fails the run after the summary", () => {
  const r = spawnSync(
    'bash',
    [join(repoRoot, 'scripts', 'test.sh'), fixture("test('fails', () => { throw new Error('boom'); });\n")],
    { encoding: 'utf8', env: env() },
  );
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /# fail 1/);
  assert.match(r.stdout, /# skipped suites: 1, skipped tests: 2/);
});

test('with nothing skipped the summary says so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-skip-fixture-'));
  writeFileSync(join(dir, 'plain.test.mjs'), "import { test } from 'node:test';\ntest('runs', () => {});\n");
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'test.sh'), join(dir, 'plain.test.mjs')], {
    encoding: 'utf8',
    env: env(),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split('\n').at(-1), '# skipped suites: 0, skipped tests: 0');
});

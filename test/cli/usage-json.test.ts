import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const skip = existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)';

function mc(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'mc-usage-')),
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('with --json a usage error is {"error":{"code":"USAGE","message"}} on stdout, exit 2; the human message stays on stderr', {
  skip,
}, () => {
  const cases: Array<[string[], RegExp]> = [
    [['show', `sha256:${'1'.repeat(64)}`, '--json', '--bogus'], /unknown option '--bogus'/],
    [['ingest', '--json'], /missing required argument 'digest\|image'/],
    [['verify', `sha256:${'1'.repeat(64)}`, '--json'], /required option '--env <env>' not specified/],
    [['init', '--profile', 'nope', '--json'], /Allowed choices are/],
    [['no-such-command', '--json'], /unknown command 'no-such-command'/],
  ];
  for (const [args, message] of cases) {
    const r = mc(...args);
    assert.equal(r.code, 2, args.join(' '));
    const body = JSON.parse(r.out) as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, 'USAGE', args.join(' '));
    assert.match(body.error.message, message);
    assert.doesNotMatch(body.error.message, /^error: /);
    assert.match(r.err, message, 'the human message stays on stderr');
  }
});

test('without --json a usage error prints nothing on stdout; --help and --version still exit 0', { skip }, () => {
  const r = mc('show', '--bogus');
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /unknown option '--bogus'/);
  assert.equal(mc('verify', '--help', '--json').code, 0);
  assert.equal(mc('--version').code, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/config.js';
import { EventStore } from '../../src/store/event-store.js';
import { openStore } from '../../src/store/open-store.js';
import { repoRoot } from '../support/shared-data.js';

const main = join(repoRoot, 'src', 'cli', 'main.ts');
const digest = `sha256:${'b'.repeat(64)}`;

function mc(cwd: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MC_HOME: '', MC_DATABASE_URL: '', MC_NOW: '2026-11-29T12:00:00Z', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('mc events lists what happened, filtered; bad flags and bad webhook settings exit 2 with the error shape', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-events-'));
  assert.equal(mc(cwd, {}, 'init').code, 0);
  const store = await openStore(resolveConfig({}, { workDir: cwd }));
  try {
    await new EventStore(store.engine, () => new Date('2026-11-29T12:00:00Z')).record([
      { type: 'watch-tick', at: '2026-11-27T12:00:00.000Z', cause: 'cve-watch', details: { outcome: 'ok' } },
      {
        type: 'revoke',
        at: '2026-11-29T10:00:00.000Z',
        digest: digest as `sha256:${string}`,
        env: 'prod',
        cause: 'manual',
        details: { reason: 'compromised builder' },
      },
      {
        type: 'outbox',
        at: '2026-11-29T11:00:00.000Z',
        digest: digest as `sha256:${string}`,
        cause: 'ticket',
        details: { outcome: 'failed', error: 'HTTP 503' },
      },
    ]);
  } finally {
    await store.close();
  }

  const all = mc(cwd, {}, 'events', '--json');
  assert.equal(all.code, 0, all.err);
  const body = JSON.parse(all.out) as { since: string; events: Array<{ type: string; details: unknown }> };
  assert.equal(body.since, '2026-11-28T12:00:00.000Z', 'the last 24 hours by default');
  assert.deepEqual(
    body.events.map((e) => e.type),
    ['outbox', 'revoke'],
  );
  const older = JSON.parse(mc(cwd, {}, 'events', '--since', '7d', '--type', 'watch-tick', '--json').out);
  assert.deepEqual(
    older.events.map((e: { cause: string }) => e.cause),
    ['cve-watch'],
  );

  const text = mc(cwd, {}, 'events', '--digest', digest, '--type', 'revoke');
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^1 event\(s\) since 2026-11-28T12:00:00.000Z/);
  assert.match(
    text.out,
    /2026-11-29T10:00:00.000Z {2}revoke +manual +prod sha256:b{64} {2}\{"reason":"compromised builder"\}/,
  );

  for (const [args, code] of [
    [['--type', 'nope'], 'EVENT_QUERY_INVALID'],
    [['--since', 'last week'], 'EVENT_QUERY_INVALID'],
    [['--digest', 'sha256:xyz'], 'BAD_DIGEST'],
  ] as const) {
    const r = mc(cwd, {}, 'events', ...args, '--json');
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(JSON.parse(r.out).error.code, code);
  }
  const hook = mc(cwd, { MC_TICKET_WEBHOOK_URL: 'https://u:p@tickets.example/h' }, 'events', '--json');
  assert.equal(hook.code, 2);
  assert.deepEqual(Object.keys(JSON.parse(hook.out).error).sort(), ['code', 'message', 'path']);
  assert.equal(JSON.parse(hook.out).error.code, 'CONFIG_INVALID');
});

test('mc serve --help names the background jobs and their settings', () => {
  const r = mc(mkdtempSync(join(tmpdir(), 'mc-serve-help-')), {}, 'serve', '--help');
  assert.equal(r.code, 0, r.err);
  for (const name of ['MC_LEASE_TTL_MS', 'MC_TICKET_WEBHOOK_URL', 'MC_REMINDER_WEBHOOK_URL', 'mc events'])
    assert.ok(r.out.includes(name), name);
});

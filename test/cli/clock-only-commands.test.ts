import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/shared-data.js';
import { cyclonedx } from '../support/workspace.js';

// Commands that open no installation read MC_NOW and nothing else of the configuration: a token file
// or database URL they never use cannot fail them (those belong to mc serve and the store).
const bin = join(repoRoot, 'dist', 'cli', 'main.js');

test('mc vuln match ignores installation settings it does not use, and still refuses a bad MC_NOW', {
  skip: existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)',
}, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'mc-clock-only-'));
  writeFileSync(join(cwd, 'sbom.json'), cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]));
  mkdirSync(join(cwd, 'osv'));
  writeFileSync(
    join(cwd, 'osv', 'GHSA-test.json'),
    JSON.stringify({
      id: 'GHSA-xxxx-yyyy-zzzz',
      modified: '2026-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'b' }, versions: ['1'] }],
    }),
  );
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [bin, 'vuln', 'match', '--sbom', 'sbom.json', '--advisories', 'osv'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, MC_DATABASE_URL: '', MC_API_TOKENS: '', ...env },
    });
  const unrelated = run({ MC_API_TOKENS_FILE: join(cwd, 'no-such-file'), MC_PROMETHEUS_URL: 'not a url' });
  assert.equal(unrelated.status, 0, unrelated.stderr);
  const badNow = run({ MC_NOW: 'garbage' });
  assert.equal(badNow.status, 2);
  assert.match(badNow.stderr, /MC_NOW_INVALID/);
});

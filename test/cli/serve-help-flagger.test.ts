import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/shared-data.js';

test('mc serve --help says where a Flagger token goes: webhook metadata, a MC_FLAGGER_TOKENS value', () => {
  const main = join(repoRoot, 'src', 'cli', 'main.ts');
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'serve', '--help'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /POST \/v1\/flagger\/<hook>\?env=E/);
  assert.match(r.stdout, /metadata\s+carries "token" \(a MC_FLAGGER_TOKENS value/);
  assert.match(r.stdout, /export MC_FLAGGER_TOKENS=\$\(openssl rand -hex 24\)/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared-data.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');

test('mc serve --help says how to set MC_API_TOKENS: a value of your choosing, at least 16 characters', {
  skip: existsSync(bin) ? false : 'dist/ not built: run npm run build (npm test does)',
}, () => {
  const r = spawnSync(process.execPath, [bin, 'serve', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /export MC_API_TOKENS=\$\(openssl rand -hex 24\)/);
  assert.match(r.stdout, /MC_API_TOKENS_FILE/);
  assert.match(r.stdout, /yours to choose: any secret of at least 16 characters/);
  assert.match(r.stdout, /Authorization: Bearer/);
});

test('the README Quick start sets MC_API_TOKENS before mc serve', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const quick = readme.slice(
    readme.indexOf('## Quick start'),
    readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
  );
  const tokens = quick.indexOf('export MC_API_TOKENS=$(openssl rand -hex 24)');
  assert.ok(tokens > 0, 'Quick start exports MC_API_TOKENS');
  assert.ok(tokens < quick.indexOf('mc serve'), 'before mc serve');
  assert.match(quick, /16 characters/);
});

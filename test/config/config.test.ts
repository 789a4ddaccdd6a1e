import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameInInstallation, resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/domain/errors.js';

test('MC_API_TOKENS_FILE: tokens one per line, # comments; a device or a directory is a ConfigError, never an endless read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-config-'));
  const file = join(dir, 'tokens');
  writeFileSync(file, '# ops\nabcdefghijklmnop-1\n\nabcdefghijklmnop-2\n');
  assert.deepEqual(resolveConfig({ MC_API_TOKENS_FILE: file }, { workDir: dir }).apiTokens, [
    'abcdefghijklmnop-1',
    'abcdefghijklmnop-2',
  ]);
  for (const bad of ['/dev/zero', dir]) {
    assert.throws(
      () => resolveConfig({ MC_API_TOKENS_FILE: bad }, { workDir: dir }),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID',
      bad,
    );
  }
});

test('files are named relative to the installation, or by base name outside it', () => {
  assert.equal(nameInInstallation('/srv/mc', '/srv/mc/policy/data/gates.yaml'), 'policy/data/gates.yaml');
  assert.equal(nameInInstallation('/srv/mc', '/etc/mc/trust-policy.yaml'), 'trust-policy.yaml');
  assert.equal(nameInInstallation('/srv/mc', '/srv/mc-other/x.yaml'), 'x.yaml');
});

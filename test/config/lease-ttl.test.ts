import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/domain/errors.js';

test('MC_LEASE_TTL_MS: 30 s by default; a whole number of at least 300 ms, else CONFIG_INVALID (exit 2)', () => {
  assert.equal(resolveConfig({}).leaseTtlMs, 30_000);
  assert.equal(resolveConfig({ MC_LEASE_TTL_MS: '1500' }).leaseTtlMs, 1500);
  for (const bad of ['0', '299', '1.5s', '-1'])
    assert.throws(
      () => resolveConfig({ MC_LEASE_TTL_MS: bad }),
      (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID' && e.path === 'MC_LEASE_TTL_MS',
      bad,
    );
});

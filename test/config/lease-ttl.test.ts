import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/domain/errors.js';
import { backgroundJobs } from '../../src/app/background-jobs.js';

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

test('every background job takes MC_LEASE_TTL_MS unless it names its own period (mc watch as mc serve)', () => {
  const parts = {
    leases: {} as never,
    events: {} as never,
    clock: () => new Date(0),
    config: resolveConfig({ MC_LEASE_TTL_MS: '1500' }),
  };
  const jobs = backgroundJobs(parts);
  const plain = jobs.add({ name: 'plain', intervalMs: 60_000, run: async () => undefined });
  const own = jobs.add({ name: 'own', intervalMs: 60_000, leaseTtlMs: 900, run: async () => undefined });
  assert.equal(plain.leaseTtlMs, 1500);
  assert.equal(own.leaseTtlMs, 900);
});

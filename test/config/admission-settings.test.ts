import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/domain/errors.js';

const configError = (path: string) => (e: unknown) =>
  e instanceof ConfigError && e.code === 'CONFIG_INVALID' && e.path === path;

test('MC_ADMISSION_*: the namespace map, the default environment and the admission tokens', () => {
  const c = resolveConfig({
    MC_ADMISSION_NAMESPACE_ENVS: 'shop=prod, sandbox=dev,',
    MC_ADMISSION_DEFAULT_ENV: 'dev',
    MC_ADMISSION_TOKENS: 'admission-token-0123456789abcdef',
  });
  assert.deepEqual(c.admission, {
    namespaceEnvs: { shop: 'prod', sandbox: 'dev' },
    defaultEnv: 'dev',
    tokens: ['admission-token-0123456789abcdef'],
  });
  assert.deepEqual(resolveConfig({}).admission, { namespaceEnvs: {}, tokens: [] }, 'unset: nothing mapped, no default');
});

test('a bad MC_ADMISSION_* value is a ConfigError naming the variable (exit 2), never a guess', () => {
  for (const value of ['shop', 'shop=prod=x', 'Shop=prod', '=prod', 'shop=', 'shop=prod,shop=dev', '__proto__=prod'])
    assert.throws(
      () => resolveConfig({ MC_ADMISSION_NAMESPACE_ENVS: value }),
      configError('MC_ADMISSION_NAMESPACE_ENVS'),
      value,
    );
  assert.throws(() => resolveConfig({ MC_ADMISSION_DEFAULT_ENV: 'a b' }), configError('MC_ADMISSION_DEFAULT_ENV'));
  assert.throws(() => resolveConfig({ MC_ADMISSION_TOKENS: 'short' }), configError('MC_ADMISSION_TOKENS'));
});

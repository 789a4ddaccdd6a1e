import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/domain/errors.js';

const refused = (value: string) =>
  assert.throws(
    () => resolveConfig({ MC_FLAGGER_TOKENS: value }),
    (e: unknown) => e instanceof ConfigError && e.code === 'CONFIG_INVALID' && e.path === 'MC_FLAGGER_TOKENS',
  );

test('MC_FLAGGER_TOKENS: comma-separated tokens of at least 16 characters, none by default', () => {
  assert.deepEqual(resolveConfig({}).flaggerTokens, []);
  assert.deepEqual(
    resolveConfig({ MC_FLAGGER_TOKENS: ' flagger-token-0123456789, second-token-abcdefgh ,' }).flaggerTokens,
    ['flagger-token-0123456789', 'second-token-abcdefgh'],
  );
  refused('short');
  // The placeholder a Canary spec may carry unexpanded must never become a valid token.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the unexpanded placeholder is the input under test
  refused('${MC_FLAGGER_TOKEN}');
  refused('$MC_FLAGGER_TOKEN_VALUE');
});

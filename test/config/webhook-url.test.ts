import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/domain/errors.js';

const bad = (env: NodeJS.ProcessEnv, code: string, path: string, message: RegExp) =>
  assert.throws(
    () => resolveConfig(env),
    (e: unknown) => e instanceof ConfigError && e.code === code && e.path === path && message.test(e.message),
  );

test('webhook URLs must be absolute http(s) URLs without credentials (a ConfigError: exit 2)', () => {
  bad({ MC_TICKET_WEBHOOK_URL: 'ftp://tickets.example/h' }, 'CONFIG_INVALID', 'MC_TICKET_WEBHOOK_URL', /http/);
  bad({ MC_TICKET_WEBHOOK_URL: 'tickets.example/h' }, 'CONFIG_INVALID', 'MC_TICKET_WEBHOOK_URL', /absolute/);
  bad(
    { MC_REMINDER_WEBHOOK_URL: 'https://bot:s3cret@hooks.example/r' },
    'CONFIG_INVALID',
    'MC_REMINDER_WEBHOOK_URL',
    /credentials/,
  );
});

test('valid webhook URLs are kept; unset means no webhook', () => {
  const c = resolveConfig({
    MC_TICKET_WEBHOOK_URL: 'https://tickets.example/hooks/mc?token=abc',
    MC_REMINDER_WEBHOOK_URL: 'http://127.0.0.1:9000/r',
  });
  assert.equal(c.ticketWebhookUrl, 'https://tickets.example/hooks/mc?token=abc');
  assert.equal(c.reminderWebhookUrl, 'http://127.0.0.1:9000/r');
  const none = resolveConfig({ MC_TICKET_WEBHOOK_URL: '' });
  assert.equal(none.ticketWebhookUrl, undefined);
});

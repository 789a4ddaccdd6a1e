import { ConfigError } from '../domain/errors.js';

/**
 * A webhook destination from the environment (MC_TICKET_WEBHOOK_URL, …): an absolute http(s) URL
 * without credentials. Credentials in a URL end up in logs and events; a webhook that needs a
 * secret takes it in its path or query, which `mc events` never shows (it shows the origin).
 */
export function webhookUrl(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const fail = (why: string) =>
    new ConfigError('CONFIG_INVALID', `${name} ${why}, got ${JSON.stringify(text.slice(0, 80))}`, { path: name });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail('must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('must be an http:// or https:// URL');
  if (url.username || url.password)
    throw new ConfigError(
      'CONFIG_INVALID',
      `${name} must not carry credentials (user:password@); put a webhook secret in its path or query`,
      { path: name },
    );
  if (/\s/.test(text)) throw fail('must not contain white space');
  return url.toString();
}

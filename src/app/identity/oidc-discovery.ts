import { IdentityError } from './identity-error.js';

const MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * The issuer's jwks_uri from its discovery document (OpenID Connect Discovery 1.0 §4:
 * `<issuer>/.well-known/openid-configuration`). The document is the provider's answer, so it is
 * checked: its `issuer` must be the configured one exactly (§4.3), and jwks_uri https (http only
 * to a loopback host). Any failure is IDENTITY_PROVIDER_UNAVAILABLE: no token verifies until the
 * provider answers properly.
 */
export async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const fail = (why: string, cause?: unknown) =>
    new IdentityError('IDENTITY_PROVIDER_UNAVAILABLE', `OIDC discovery at ${url} failed: ${why}`, { cause });
  let doc: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!res.ok) throw fail(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_DOCUMENT_BYTES) throw fail('the document is too large');
    doc = JSON.parse(text);
  } catch (e) {
    if (e instanceof IdentityError) throw e;
    throw fail((e as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable or not JSON', e);
  }
  const { issuer: named, jwks_uri: jwksUri } = (doc ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  if (named !== issuer) throw fail(`the document names issuer ${JSON.stringify(String(named)).slice(0, 100)}`);
  if (typeof jwksUri !== 'string') throw fail('no jwks_uri');
  let u: URL;
  try {
    u = new URL(jwksUri);
  } catch (e) {
    throw fail('jwks_uri is not a URL', e);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw fail('jwks_uri is not https');
  return jwksUri;
}

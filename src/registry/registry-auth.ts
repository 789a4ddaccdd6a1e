import type { Response } from 'undici';
import { isLoopbackHost } from '../oci/oci-reference.js';
import { excerpt, RegistryError } from '../oci/registry-error.js';
import { parseWwwAuthenticate } from '../oci/www-authenticate.js';
import { readJson } from './registry-body.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}
/** Where credentials for a registry host come from (docker-credentials.ts reads ~/.docker/config.json). */
export type CredentialSource = (registry: string) => Promise<RegistryCredentials | undefined>;

type FetchFn = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array },
) => Promise<Response>;

/** The user name docker-credential helpers and `docker login` store beside an OAuth refresh token. */
const IDENTITY_TOKEN_USER = '<token>';

const MAX_TOKEN_RESPONSE = 1024 * 1024;

/**
 * Answers the registry's 401 challenges (distribution docs "Token Authentication Specification"):
 * `Basic` with the user's credentials, `Bearer realm=…,service=…,scope=…` by fetching a token from
 * the realm (with the credentials as Basic, or anonymously) for the scopes the request needs.
 * Tokens are kept per scope set until they expire.
 */
export class RegistryAuth {
  private scheme: 'basic' | 'bearer' | undefined;
  private bearer: { realm: string; service?: string } | undefined;
  private readonly tokens = new Map<string, { header: string; until: number }>();
  private credentialsCache: Promise<RegistryCredentials | undefined> | undefined;

  constructor(
    private readonly registry: string,
    private readonly source: CredentialSource | undefined,
    private readonly fetchFn: FetchFn,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private credentials(): Promise<RegistryCredentials | undefined> {
    this.credentialsCache ??= this.source === undefined ? Promise.resolve(undefined) : this.source(this.registry);
    return this.credentialsCache;
  }

  /** The Authorization header to send up front, once the registry's scheme is known. */
  async headerFor(scopes: string[]): Promise<string | undefined> {
    if (this.scheme === 'basic') return basic(await this.credentials());
    if (this.scheme === 'bearer') {
      const cached = this.tokens.get(key(scopes));
      if (cached !== undefined && cached.until > this.clock().getTime()) return cached.header;
      if (this.bearer !== undefined) return this.fetchToken(this.bearer, scopes, `${this.registry} token`);
    }
    return undefined;
  }

  /** Answers a 401's `WWW-Authenticate` (attacker-controlled) for the request's scopes. */
  async answer(header: string, scopes: string[], what: string): Promise<string> {
    const challenges = parseWwwAuthenticate(header, what);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer !== undefined) {
      const realm = bearer.params.realm;
      if (realm === undefined || realm === '')
        throw new RegistryError('AUTH_CHALLENGE_INVALID', `${what}: Bearer challenge without a realm`);
      this.scheme = 'bearer';
      this.bearer = { realm, ...(bearer.params.service === undefined ? {} : { service: bearer.params.service }) };
      const wanted =
        bearer.params.scope === undefined ? scopes : [...new Set([...scopes, ...bearer.params.scope.split(' ')])];
      return this.fetchToken(this.bearer, wanted, what);
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      const creds = await this.credentials();
      if (creds === undefined)
        throw new RegistryError(
          'UNAUTHORIZED',
          `${what}: the registry asks for a user name and password and none is configured for ${this.registry} (docker login, ~/.docker/config.json)`,
        );
      this.scheme = 'basic';
      return basic(creds)!;
    }
    throw new RegistryError('AUTH_CHALLENGE_INVALID', `${what}: no Basic or Bearer challenge (${excerpt(header, 60)})`);
  }

  private async fetchToken(
    challenge: { realm: string; service?: string },
    scopes: string[],
    what: string,
  ): Promise<string> {
    let url: URL;
    try {
      url = new URL(challenge.realm);
    } catch {
      throw new RegistryError(
        'AUTH_CHALLENGE_INVALID',
        `${what}: token realm ${excerpt(challenge.realm)} is not a URL`,
      );
    }
    // The realm receives the user's credentials: never over plain HTTP off this machine.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.host)))
      throw new RegistryError('AUTH_CHALLENGE_INVALID', `${what}: token realm ${excerpt(url.origin)} is not https`);
    const creds = await this.credentials();
    const headers: Record<string, string> = { accept: 'application/json' };
    let form: Uint8Array | undefined;
    if (creds?.username === IDENTITY_TOKEN_USER) {
      // An identity (refresh) token is exchanged with the OAuth2 POST form (distribution docs "oauth.md").
      const oauth = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: creds.password,
        client_id: 'maestro-conductor',
        scope: scopes.join(' '),
      });
      if (challenge.service !== undefined) oauth.set('service', challenge.service);
      form = new TextEncoder().encode(oauth.toString());
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else {
      if (challenge.service !== undefined) url.searchParams.set('service', challenge.service);
      for (const s of scopes) url.searchParams.append('scope', s);
      if (creds !== undefined) headers.authorization = basic(creds)!;
    }
    let res: Response;
    try {
      res = await this.fetchFn(
        url.href,
        form === undefined ? { method: 'GET', headers } : { method: 'POST', headers, body: form },
      );
    } catch (e) {
      throw new RegistryError('REGISTRY_UNAVAILABLE', `${what}: cannot reach the token service ${url.origin}`, {
        cause: e,
      });
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new RegistryError(
        'UNAUTHORIZED',
        `${what}: the token service refused ${creds === undefined ? 'anonymous access' : 'the credentials'} (${res.status})`,
      );
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new RegistryError('REGISTRY_UNAVAILABLE', `${what}: the token service answered ${res.status}`);
    }
    const body = (await readJson(res, MAX_TOKEN_RESPONSE, `${what} (token)`)) as Record<string, unknown> | null;
    const token =
      typeof body?.token === 'string'
        ? body.token
        : typeof body?.access_token === 'string'
          ? body.access_token
          : undefined;
    if (token === undefined || token === '')
      throw new RegistryError('AUTH_CHALLENGE_INVALID', `${what}: the token service's answer holds no token`);
    const ttl = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    const header = `Bearer ${token}`;
    // Renew a little early: a token that expires in flight costs a 401 round trip.
    this.tokens.set(key(scopes), { header, until: this.clock().getTime() + Math.max(ttl - 10, 1) * 1000 });
    return header;
  }
}

const key = (scopes: string[]) => [...scopes].sort().join(' ');
const basic = (c: RegistryCredentials | undefined) =>
  c === undefined ? undefined : `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

import { Agent, fetch, type Response } from 'undici';
import { isLoopbackHost, apiHost } from '../oci/oci-reference.js';
import { excerpt, RegistryError } from '../oci/registry-error.js';
import { RegistryAuth, type CredentialSource } from './registry-auth.js';
import { retryDelayMs } from './retry-delay.js';

/*
 * The HTTP side of the OCI distribution client, over undici. No well-kept OCI distribution
 * client exists on npm (the candidates are unmaintained or pull in a container runtime), so mc
 * speaks the OCI Distribution Spec 1.1 / Docker Registry HTTP API v2 itself: this file does
 * transport (TLS with a custom CA, plain HTTP only to loopback, redirects, retries, size limits),
 * registry-auth.ts the 401 challenges, registry-client.ts the API.
 */

export interface RegistryHttpOptions {
  /** host[:port] as the reference writes it. */
  registry: string;
  /** Plain HTTP; accepted only for a loopback registry (127.0.0.0/8, ::1, localhost). */
  insecure?: boolean;
  /** PEM certificate(s) to trust beside the system roots (a private CA). */
  caPem?: string;
  credentials?: CredentialSource;
  /** Injected for tests: how to wait between retries. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts after the first on 429, 5xx and connection errors (default 4). */
  maxRetries?: number;
  retryBaseMs?: number;
  /** No wait longer than this, whatever Retry-After says (default 30 s). */
  maxRetryDelayMs?: number;
  clock?: () => Date;
  /** A registry that stops answering ends the request: for the response headers, and between body chunks. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under the registry (`/v2/...`) or an absolute URL the registry handed out (Location, Link). */
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Token scopes (`repository:acme/api:pull`) this request needs. */
  scopes: string[];
  /** The reference the request is about, for every error message. */
  what: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRIED = new Set([429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;

export class RegistryHttp {
  readonly registry: string;
  readonly origin: string;
  private readonly dispatcher: Agent;
  private readonly auth: RegistryAuth;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly clock: () => Date;

  constructor(options: RegistryHttpOptions) {
    this.registry = options.registry;
    if (options.insecure && !isLoopbackHost(options.registry)) {
      throw new RegistryError(
        'INSECURE_NOT_LOOPBACK',
        `--insecure (plain HTTP) is accepted only for a loopback registry, not ${options.registry}; give its CA with --ca-file instead`,
      );
    }
    this.origin = `${options.insecure ? 'http' : 'https'}://${apiHost(options.registry)}`;
    this.dispatcher = new Agent({
      connect: { timeout: 10_000, ...(options.caPem === undefined ? {} : { ca: options.caPem }) },
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    });
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.maxRetries = options.maxRetries ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.clock = options.clock ?? (() => new Date());
    this.auth = new RegistryAuth(
      options.registry,
      options.credentials,
      (url, init) => this.fetchOnce(url, init),
      this.clock,
    );
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Sends a request: authenticates on a 401 challenge, follows redirects, retries 429/5xx. The body is unread. */
  async send(req: RegistryRequest): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.sendAuthenticated(req);
      } catch (e) {
        if (e instanceof RegistryError || attempt >= this.maxRetries) throw unavailable(req, e);
        await this.sleep(retryDelayMs(attempt, null, this.retryBaseMs, this.maxRetryDelayMs, this.clock()));
        continue;
      }
      if (!RETRIED.has(res.status)) return res;
      await res.body?.cancel();
      if (attempt >= this.maxRetries) {
        if (res.status === 429)
          throw new RegistryError(
            'RATE_LIMITED',
            `${req.what}: the registry kept answering 429 Too Many Requests after ${attempt + 1} attempts`,
          );
        throw new RegistryError(
          'REGISTRY_UNAVAILABLE',
          `${req.what}: the registry answered ${res.status} after ${attempt + 1} attempts`,
        );
      }
      const after = res.headers.get('retry-after');
      await this.sleep(retryDelayMs(attempt, after, this.retryBaseMs, this.maxRetryDelayMs, this.clock()));
    }
  }

  private async sendAuthenticated(req: RegistryRequest): Promise<Response> {
    const first = await this.follow(req, await this.auth.headerFor(req.scopes));
    if (first.status !== 401) return first;
    const challenge = first.headers.get('www-authenticate');
    await first.body?.cancel();
    if (challenge === null)
      throw new RegistryError(
        'UNAUTHORIZED',
        `${req.what}: the registry answered 401 without a WWW-Authenticate challenge`,
      );
    const header = await this.auth.answer(challenge, req.scopes, req.what);
    const second = await this.follow(req, header);
    if (second.status === 401) {
      await second.body?.cancel();
      throw new RegistryError('UNAUTHORIZED', `${req.what}: the registry refused the credentials (401)`);
    }
    return second;
  }

  /**
   * One request with redirects followed by hand: credentials go only to the registry's own
   * origin (a blob redirected to a CDN or object store gets none), and never over plain HTTP
   * to a host that is not loopback.
   */
  private async follow(req: RegistryRequest, authorization: string | undefined): Promise<Response> {
    let url = this.resolve(req.url, req.what);
    let method = req.method;
    let body = req.body;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'user-agent': 'maestro-conductor', ...req.headers };
      if (authorization !== undefined && url.origin === this.origin) headers.authorization = authorization;
      const res = await this.fetchOnce(url.href, { method, headers, ...(body === undefined ? {} : { body }) });
      if (!REDIRECTS.has(res.status)) return res;
      const location = res.headers.get('location');
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        throw new RegistryError('REDIRECT_INVALID', `${req.what}: more than ${MAX_REDIRECTS} redirects`);
      if (location === null)
        throw new RegistryError('REDIRECT_INVALID', `${req.what}: a ${res.status} redirect without Location`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError('REDIRECT_INVALID', `${req.what}: redirect to ${excerpt(location)} is not a URL`);
      }
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopbackHost(next.host)))
        throw new RegistryError(
          'REDIRECT_INVALID',
          `${req.what}: refusing a redirect to ${excerpt(next.origin)} (only https, or http to loopback)`,
        );
      if (res.status === 303) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  /** A path or absolute URL the registry gave: same origin only (a Link or Location elsewhere is refused). */
  resolve(pathOrUrl: string, what: string): URL {
    let url: URL;
    try {
      url = new URL(pathOrUrl, this.origin);
    } catch {
      throw new RegistryError('REGISTRY_PROTOCOL', `${what}: ${excerpt(pathOrUrl)} is not a URL`);
    }
    if (url.origin !== this.origin)
      throw new RegistryError(
        'REGISTRY_PROTOCOL',
        `${what}: the registry pointed to another origin ${excerpt(url.origin)}`,
      );
    return url;
  }

  private fetchOnce(url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array }) {
    return fetch(url, { ...init, redirect: 'manual', dispatcher: this.dispatcher });
  }
}

function unavailable(req: RegistryRequest, e: unknown): RegistryError {
  if (e instanceof RegistryError) return e;
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code ?? cause?.message ?? (e as Error)?.message ?? String(e);
  return new RegistryError('REGISTRY_UNAVAILABLE', `${req.what}: cannot reach the registry (${why})`, { cause: e });
}

import { BaseError } from '../domain/errors.js';
import type { SourceValidators } from '../vuln/advisory-source-state.js';
import { MAX_ZIP_FILE_BYTES } from './advisory-source.js';

/** A source that could not be read this tick: the tick fails and nothing is written. */
export class AdvisorySourceError extends BaseError<'ADVISORY_SOURCE_UNAVAILABLE'> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('ADVISORY_SOURCE_UNAVAILABLE', message, { ...options, kind: 'unavailable' });
  }
}

export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpSourceOptions {
  /** Bytes taken from one response (default MAX_ZIP_FILE_BYTES); more fails the source. */
  maxBytes?: number;
  /** Per request, headers and body (default 120 s). */
  timeoutMs?: number;
  fetch?: HttpFetch;
}

export type HttpSourceResult =
  | { url: string; changed: false }
  | { url: string; changed: true; bytes: Uint8Array; validators: SourceValidators };

/** An http(s) URL: an OSV mirror (`…/npm/all.zip`) or one record (`…/GHSA-xxxx.json`). */
export function isHttpSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Reads an HTTP(S) OSV mirror with a conditional request (RFC 9110 §13.1): the ETag and
 * Last-Modified of the last response that was synced go out as If-None-Match / If-Modified-Since,
 * and 304 means nothing changed, so a 15-minute poll of a large all.zip costs one round trip. Any
 * other status, a network error, a timeout or a body over the bound fails the source. The body is
 * attacker-controlled: read with a byte cap, parsed later like a file.
 */
export async function fetchHttpSource(
  url: string,
  previous: SourceValidators | undefined,
  options: HttpSourceOptions = {},
): Promise<HttpSourceResult> {
  const max = options.maxBytes ?? MAX_ZIP_FILE_BYTES;
  const headers: Record<string, string> = { accept: 'application/zip, application/json;q=0.9, */*;q=0.1' };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 120_000);
  const where = redact(url);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers, signal, redirect: 'follow' });
  } catch (e) {
    throw new AdvisorySourceError(`${where}: ${describe(e)}`, { cause: e });
  }
  if (response.status === 304 && previous !== undefined) {
    await response.body?.cancel();
    return { url, changed: false };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new AdvisorySourceError(`${where}: HTTP ${response.status} (expected 200, or 304 when unchanged)`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    throw new AdvisorySourceError(`${where}: ${declared} bytes, more than ${max}`);
  }
  const bytes = await readCapped(response, max, where);
  const validators: SourceValidators = {};
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) validators.etag = etag;
  if (lastModified) validators.lastModified = lastModified;
  return { url, changed: true, bytes, validators };
}

async function readCapped(response: Response, max: number, where: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      if (total > max) throw new AdvisorySourceError(`${where}: more than ${max} bytes`);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof AdvisorySourceError) throw e;
    throw new AdvisorySourceError(`${where}: ${describe(e)}`, { cause: e });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A URL for messages and events: credentials and query (tokens) left out. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.slice(0, 80);
  }
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  return (err.cause?.code ?? err.cause?.message ?? err.message ?? String(e)).slice(0, 160);
}

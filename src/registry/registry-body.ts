import type { Response } from 'undici';
import { excerpt, RegistryError } from '../oci/registry-error.js';

/** Error bodies are read for their code only. */
const MAX_ERROR_BODY = 64 * 1024;

/** Reads a body up to `max` bytes (Content-Length checked first, then every chunk as it comes). */
export async function readLimited(
  res: Response,
  max: number,
  what: string,
  code: 'RESPONSE_TOO_LARGE' | 'MANIFEST_TOO_LARGE' | 'BLOB_TOO_LARGE' = 'RESPONSE_TOO_LARGE',
): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new RegistryError(code, `${what}: the registry announces ${declared} bytes, over the ${max}-byte limit`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body === null) return new Uint8Array();
  for await (const chunk of res.body) {
    total += chunk.length;
    if (total > max) {
      await res.body.cancel().catch(() => undefined);
      throw new RegistryError(code, `${what}: the response exceeds the ${max}-byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body; HTML (a login page, a proxy's error page) or other text is a typed error. */
export async function readJson(res: Response, max: number, what: string): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  const bytes = await readLimited(res, max, what);
  const text = new TextDecoder().decode(bytes);
  if (/text\/html/i.test(type) || /^\s*</.test(text))
    throw new RegistryError(
      'RESPONSE_NOT_JSON',
      `${what}: the registry answered HTML, not JSON (status ${res.status})`,
    );
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistryError('RESPONSE_NOT_JSON', `${what}: the registry's answer is not JSON: ${excerpt(text, 60)}`);
  }
}

/** Maps an unexpected status to a typed error, quoting the registry's error code (distribution error body). */
export async function statusError(res: Response, what: string): Promise<RegistryError> {
  let detail = '';
  try {
    const text = new TextDecoder().decode(await readLimited(res, MAX_ERROR_BODY, what));
    if (/^\s*</.test(text)) detail = ' (an HTML page)';
    else {
      const code = (JSON.parse(text) as { errors?: Array<{ code?: unknown }> }).errors?.[0]?.code;
      if (typeof code === 'string') detail = ` (${excerpt(code, 40)})`;
    }
  } catch {
    // The body is only decoration for the message.
  }
  if (res.status === 404) return new RegistryError('NOT_FOUND', `${what}: not found${detail}`);
  if (res.status === 401) return new RegistryError('UNAUTHORIZED', `${what}: authentication required${detail}`);
  if (res.status === 403) return new RegistryError('DENIED', `${what}: access denied${detail}`);
  return new RegistryError('REGISTRY_PROTOCOL', `${what}: unexpected HTTP ${res.status}${detail}`);
}

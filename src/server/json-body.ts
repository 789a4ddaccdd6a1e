import type { FastifyRequest, onRequestAsyncHookHandler, RouteShorthandOptions } from 'fastify';
import { RequestError } from './request-error.js';
import { BODY_LIMITS } from './server-limits.js';
import { parseStrictJson } from './strict-json.js';

/** `application/json`, optionally with `charset=utf-8` (RFC 8259 §11 defines no other parameter). */
function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';');
  if (type!.trim().toLowerCase() !== 'application/json') return false;
  return params
    .filter((p) => p.trim() !== '')
    .every((p) => {
      const [name, value] = p.split('=', 2).map((s) => s.trim().toLowerCase());
      return name === 'charset' && (value === 'utf-8' || value === '"utf-8"');
    });
}

/** onRequest: 415 before the body is read when it is not declared JSON. */
export const requireJsonContentType = async (req: FastifyRequest): Promise<void> => {
  if (isJsonMediaType(req.headers['content-type'])) return;
  const given = req.headers['content-type'];
  throw new RequestError(
    'CONTENT_TYPE_UNSUPPORTED',
    `the body must be application/json${given ? `, not ${JSON.stringify(given.slice(0, 100))}` : ''}`,
    { path: 'content-type' },
  );
};

/**
 * preValidation: the raw body (hooks/raw-body-parser.ts reads every body as bytes) becomes the strictly parsed
 * JSON value, so handlers get `req.body` already read by the one JSON reader of the server.
 */
const parseJsonBody = async (req: FastifyRequest): Promise<void> => {
  const body = req.body;
  if (!(body instanceof Buffer) || body.length === 0)
    throw new RequestError('BODY_MISSING', 'the request body must be a JSON document', { path: '/' });
  req.body = parseStrictJson(body);
};

/**
 * Route options of a JSON endpoint: `guards` (the bearer-token check) run first, in onRequest
 * like the media-type check, so neither an unauthenticated client nor a wrong media type gets
 * its body read; the body is at most BODY_LIMITS.json (or `bodyLimit`) and reaches the handler parsed.
 */
export function jsonRoute(
  guards: readonly onRequestAsyncHookHandler[] = [],
  bodyLimit: number = BODY_LIMITS.json,
): RouteShorthandOptions {
  return { bodyLimit, onRequest: [...guards, requireJsonContentType], preValidation: parseJsonBody };
}

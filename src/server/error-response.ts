import { isBaseError, type ErrorKind } from '../domain/errors.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  malformed: 400,
  invalid: 422,
  unsupported: 422,
  'not-found': 404,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  'too-large': 413,
  verification: 422,
  unavailable: 503,
  internal: 500,
};

/**
 * Codes whose status differs from their kind's: DESIGN.md says an unknown environment (and a lineage cycle) is a 400;
 * HTTP has statuses of its own for a media type (415) or method (405) the route does not take.
 */
const STATUS_BY_CODE: Record<string, number> = {
  ENVIRONMENT_UNKNOWN: 400,
  LINEAGE_CYCLE: 400,
  BAD_DIGEST: 400,
  CONTENT_TYPE_UNSUPPORTED: 415,
  METHOD_NOT_ALLOWED: 405,
};

/** fastify's own client-error codes under the names our other errors use. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CONTENT_LENGTH_INVALID',
  FST_ERR_BAD_URL: 'URL_INVALID',
};

export interface ErrorBody {
  error: { code: string; message: string; path?: string };
}

/**
 * The one place domain errors become HTTP statuses. Fastify's own client errors (body too
 * large, bad content type, schema validation) keep their 4xx; anything else is a masked 500.
 */
export function toErrorResponse(e: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (isBaseError(e)) {
    const status = STATUS_BY_CODE[e.code] ?? STATUS_BY_KIND[e.kind];
    return { status, body: { error: e.toJSON() }, internal: status >= 500 && e.kind === 'internal' };
  }
  const f = e as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    const code = f.validation
      ? 'REQUEST_INVALID'
      : (FASTIFY_CODES[f.code ?? ''] ?? (f.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, ''));
    return { status: f.statusCode, body: { error: { code, message: f.message ?? 'bad request' } }, internal: false };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'internal error; see the server log' } },
    internal: true,
  };
}

/**
 * Every size and time limit of the HTTP server, in one place, so a new route picks its limit
 * here instead of inventing one.
 */

/**
 * Request body limits per kind of route (bytes). A route declares its own limit (fastify's
 * route `bodyLimit`); anything that declares none gets `json`.
 * - evidence documents (`POST /v1/artifacts/{digest}/evidence`): `MC_BODY_LIMIT`, Config.bodyLimitBytes.
 * - small JSON requests (waivers, attestations, …): `json`.
 * - Kubernetes AdmissionReviews (`POST /v1/admission/validate`): `admission`. The API server sends
 *   the object and, on UPDATE, the old object, each up to etcd's 1.5 MiB default request size,
 *   plus the envelope (userInfo, options) and JSON escaping: 3 MiB is the floor, 4 MiB leaves room.
 */
export const BODY_LIMITS = {
  json: 64 * 1024,
  admission: 4 * 1024 * 1024,
} as const;

/**
 * Connection timeouts (milliseconds). Node's defaults hold a connection whose body is shorter
 * than its Content-Length for 300 s (fastify's for ever), which lets a few slow clients tie up
 * the server.
 */
export interface ServerTimeouts {
  /** The whole request (headers and body) must arrive within this; else 408 and the connection closes. */
  requestMs: number;
  /** The request headers must arrive within this (at most requestMs); else 408. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** A socket with no activity at all (e.g. a client that stops reading the answer) is destroyed after this. */
  connectionMs: number;
  /** How often Node checks request and headers deadlines; a deadline is enforced within this much slack. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  requestMs: 30_000,
  headersMs: 10_000,
  keepAliveMs: 5_000,
  connectionMs: 60_000,
  checkIntervalMs: 1_000,
};

/** The fastify server options for these timeouts; `headersMs > requestMs` is a programming error. */
export function timeoutOptions(t: ServerTimeouts) {
  if (t.headersMs > t.requestMs)
    throw new RangeError(`headers timeout ${t.headersMs} ms exceeds the request timeout ${t.requestMs} ms`);
  return {
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    connectionTimeout: t.connectionMs,
    // fastify has no option of its own for these two; they go to http.createServer.
    http: { headersTimeout: t.headersMs, connectionsCheckingInterval: t.checkIntervalMs },
  };
}

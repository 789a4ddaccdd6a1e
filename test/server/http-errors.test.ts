import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.js';
import { AUTH, startTestApp, type TestApp } from '../support/http-app.js';
import { rawExchange } from '../support/raw-http.js';

const digest = `sha256:${'c'.repeat(64)}`;
const auth = `Authorization: ${AUTH.authorization}\r\n`;
const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: mc\r\nConnection: close\r\n${extra}\r\n`;

/**
 * Every error the framework or Node's HTTP parser produces, over a real socket (some never reach
 * fastify, so app.inject cannot see them): the status, and the one documented error shape.
 */
describe('framework errors use the one error shape', () => {
  let t: TestApp;
  before(async () => {
    // Short request and headers timeouts so the 408 case ends quickly.
    t = await startTestApp(ENGINES[0]!, {
      listen: true,
      timeouts: { requestMs: 1000, headersMs: 500, checkIntervalMs: 50 },
    });
  });
  after(async () => t?.close());

  const cases: Array<[string, string, number, string, string?]> = [
    [
      'bad JSON',
      `POST /v1/waivers HTTP/1.1\r\nHost: mc\r\nConnection: close\r\n${auth}Content-Type: application/json\r\nContent-Length: 4\r\n\r\n{"a"`,
      400,
      'MALFORMED_JSON',
    ],
    ['bad querystring (schema)', get(`/v1/verify?digest=${digest}`), 400, 'REQUEST_INVALID'],
    ['bad querystring (type)', get('/v1/ledger/proof?index=abc'), 400, 'REQUEST_INVALID'],
    ['bad URL encoding', get('/v1/artifacts/%zz'), 400, 'URL_INVALID'],
    ['not HTTP at all', 'GARBAGE\r\n\r\n', 400, 'BAD_REQUEST'],
    [
      'body over the route limit',
      `POST /v1/waivers HTTP/1.1\r\nHost: mc\r\n${auth}Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n{"owner":`,
      413,
      'BODY_TOO_LARGE',
    ],
    ['headers too large', get('/healthz', `X-Padding: ${'a'.repeat(20_000)}\r\n`), 431, 'HEADERS_TOO_LARGE'],
    ['headers that never end', 'GET /healthz HTTP/1.1\r\nHost: mc\r\n', 408, 'REQUEST_TIMEOUT'],
    [
      'a body shorter than its Content-Length',
      `POST /v1/waivers HTTP/1.1\r\nHost: mc\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"owner":`,
      408,
      'REQUEST_TIMEOUT',
    ],
    ['unknown path', get('/nowhere'), 404, 'ROUTE_NOT_FOUND'],
    [
      'method the path does not take',
      `DELETE /healthz HTTP/1.1\r\nHost: mc\r\nConnection: close\r\n\r\n`,
      405,
      'METHOD_NOT_ALLOWED',
      'GET, HEAD',
    ],
    [
      'method the path does not take (parameter)',
      `PUT /v1/waivers/w-1 HTTP/1.1\r\nHost: mc\r\nConnection: close\r\n${auth}\r\n`,
      405,
      'METHOD_NOT_ALLOWED',
      'DELETE',
    ],
    [
      'method the path does not take (collection)',
      `PATCH /v1/waivers HTTP/1.1\r\nHost: mc\r\nConnection: close\r\n\r\n`,
      405,
      'METHOD_NOT_ALLOWED',
      'GET, HEAD, POST',
    ],
    [
      'media type a JSON route does not take',
      `POST /v1/waivers HTTP/1.1\r\nHost: mc\r\nConnection: close\r\n${auth}Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}`,
      415,
      'CONTENT_TYPE_UNSUPPORTED',
    ],
  ];
  for (const [what, request, status, code, allow] of cases) {
    test(`${status} ${what}`, async () => {
      const r = await rawExchange(t.port, request);
      assert.equal(r.status, status, `${what}: ${r.body}`);
      assert.match(r.headers['content-type'] ?? '', /^application\/json/);
      const body = JSON.parse(r.body) as { error: { code: unknown; message: unknown } };
      assert.deepEqual(Object.keys(body), ['error']);
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
      if (allow !== undefined) assert.equal(r.headers.allow, allow);
      assert.ok(r.closed, 'the connection ends');
    });
  }

  test('a method the path takes is not a 405 (HEAD of a GET route, OPTIONS is not invented)', async () => {
    assert.equal((await t.app.inject({ method: 'HEAD', url: '/healthz' })).statusCode, 200);
    const r = await t.app.inject({ method: 'OPTIONS', url: '/v1/verify' });
    assert.equal(r.statusCode, 405);
    assert.equal(r.headers.allow, 'GET, HEAD');
  });
});

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/server/app.js';
import { BODY_LIMITS, DEFAULT_TIMEOUTS } from '../../src/server/server-limits.js';
import { join } from 'node:path';
import { ReleaseStore } from '../../src/store/release-store.js';
import { sqliteEngine } from '../../src/store/dialect/sqlite-engine.js';
import { testInstallation } from '../support/installation.js';
import { ENGINES } from '../support/engines.js';
import { AUTH, startTestApp, type TestApp } from '../support/http-app.js';
import { rawExchange } from '../support/raw-http.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const digest = `sha256:${'d'.repeat(64)}`;

describe('request limits', () => {
  let t: TestApp;
  before(async () => {
    // Evidence limit 1 MiB; the request timeout is long, so an answer below can only come early.
    t = await startTestApp(ENGINES[0]!, { listen: true, bodyLimitBytes: 1024 * 1024 });
  });
  after(async () => t?.close());

  // Each declares a body within its route's limit but sends only its first bytes: a server that
  // read the body before checking the token would wait for the rest and never answer.
  const mutating: Array<[string, string, number]> = [
    ['POST', `/v1/artifacts/${digest}/evidence?kind=sbom`, 512 * 1024],
    ['POST', '/v1/waivers', 60 * 1024],
    ['POST', '/v1/attestations/rotation', 60 * 1024],
    ['DELETE', '/v1/waivers/w-0123456789ab', 60 * 1024],
  ];
  for (const [method, url, length] of mutating) {
    for (const [authorization, status, code] of [
      [undefined, 401, 'TOKEN_MISSING'],
      ['Bearer wrong-token-0123456789', 403, 'TOKEN_REJECTED'],
    ] as const) {
      test(`${method} ${url.split('?')[0]!.replace(digest, '{digest}')} ${authorization ? 'with a rejected token' : 'without a token'} is ${status} before its body is read`, async () => {
        const head = `${method} ${url} HTTP/1.1\r\nHost: mc\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${authorization ? `Authorization: ${authorization}\r\n` : ''}\r\n`;
        const r = await rawExchange(t.port, head + '{'.padEnd(1024, ' '));
        assert.equal(r.status, status, r.body || 'no answer: the server waited for the body');
        assert.equal(JSON.parse(r.body).error.code, code);
        assert.ok(r.closed, 'the connection is closed rather than the rest of the body read');
      });
    }
  }

  test('small JSON routes take at most 64 KiB (413 in the error shape); evidence takes the configured limit', async () => {
    const big = JSON.stringify({
      advisory: 'GHSA-aaaa-bbbb-cccc',
      owner: 'team-a',
      reason: 'x'.repeat(BODY_LIMITS.json),
      ttl: '1d',
    });
    for (const url of ['/v1/waivers', '/v1/attestations/rotation']) {
      const r = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...AUTH, 'content-type': 'application/json' },
        payload: big,
      });
      assert.equal(r.statusCode, 413, r.body);
      assert.deepEqual(Object.keys(r.json().error).sort(), ['code', 'message']);
      assert.equal(r.json().error.code, 'BODY_TOO_LARGE');
    }
    // An SBOM over 64 KiB but under MC_BODY_LIMIT is stored.
    const components = Array.from({ length: 1000 }, (_, i) => ({
      name: `pkg-${i}`,
      version: '1.0.0',
      purl: `pkg:npm/pkg-${i}@1.0.0`,
    }));
    const sbom = cyclonedx(components);
    assert.ok(sbom.length > BODY_LIMITS.json);
    const stored = await t.app.inject({
      method: 'POST',
      url: `/v1/artifacts/${digest}/evidence?kind=sbom`,
      headers: AUTH,
      payload: Buffer.from(sbom),
    });
    assert.equal(stored.statusCode, 201, stored.body);
    const over = await t.app.inject({
      method: 'POST',
      url: `/v1/artifacts/${digest}/evidence?kind=sbom`,
      headers: AUTH,
      payload: Buffer.alloc(1024 * 1024 + 1, 32),
    });
    assert.equal(over.statusCode, 413);
    assert.equal(over.json().error.code, 'BODY_TOO_LARGE');
  });

  test('the server has request, headers, keep-alive and connection timeouts (Node would wait 300 s for a short body)', () => {
    assert.equal(t.app.server.requestTimeout, DEFAULT_TIMEOUTS.requestMs);
    assert.equal(t.app.server.headersTimeout, DEFAULT_TIMEOUTS.headersMs);
    assert.equal(t.app.server.keepAliveTimeout, DEFAULT_TIMEOUTS.keepAliveMs);
    assert.equal(t.app.server.timeout, DEFAULT_TIMEOUTS.connectionMs);
  });
});

describe('request timeout', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(ENGINES[0]!, {
      listen: true,
      timeouts: { requestMs: 300, headersMs: 200, checkIntervalMs: 50 },
    });
  });
  after(async () => t?.close());

  test('a body shorter than its Content-Length gets 408 and the connection closed', async () => {
    const r = await rawExchange(
      t.port,
      `POST /v1/artifacts/${digest}/evidence?kind=sbom HTTP/1.1\r\nHost: mc\r\nAuthorization: ${AUTH.authorization}\r\nContent-Length: 1000\r\n\r\n{"bomFormat"`,
    );
    assert.equal(r.status, 408, r.body || 'no answer');
    assert.equal(JSON.parse(r.body).error.code, 'REQUEST_TIMEOUT');
    assert.ok(r.closed);
  });
});

test('a route that checks the token after the body is read is refused at startup', async () => {
  const ws = makeWorkspace();
  const store = await ReleaseStore.open(sqliteEngine(join(ws.dir, 'mc.db')));
  try {
    const services = testInstallation(ws, store, () => new Date());
    assert.throws(
      () =>
        buildApp({
          services,
          apiTokens: [],
          bodyLimitBytes: 1024,
          routes: [
            ({ app, requireToken }) => void app.post('/v1/late', { preHandler: requireToken }, async () => ({})),
          ],
        }),
      /requireToken must run in onRequest/,
    );
  } finally {
    await store.close();
  }
});

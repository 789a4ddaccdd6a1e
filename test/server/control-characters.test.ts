import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { lintWaiversText } from '../../src/policy/waivers.js';
import { ENGINES } from '../support/engines.js';
import { AUTH, startTestApp, type TestApp } from '../support/http-app.js';

const digest = `sha256:${'a'.repeat(64)}`;
const waiver = { advisory: 'GHSA-aaaa-bbbb-cccc', owner: 'team-a', reason: 'accepted', ttl: '1d' };

// PostgreSQL refuses U+0000 in text where SQLite stores it: without a check in front of the
// store these were a 500 on one engine only. Every engine must answer them alike, with a 4xx.
for (const engine of ENGINES) {
  describe(`control characters in requests on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => t?.close());

    const json = (url: string, body: string) => ({
      method: 'POST' as const,
      url,
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: body,
    });
    const cases: Array<[string, InjectOptions, number, string, string]> = [
      [
        'NUL in a waiver owner',
        json('/v1/waivers', JSON.stringify({ ...waiver, owner: 'o\u0000x' })),
        400,
        'CONTROL_CHARACTER',
        '/owner',
      ],
      [
        'escape in a waiver reason',
        json('/v1/waivers', JSON.stringify({ ...waiver, reason: 'a\u001bb' })),
        400,
        'CONTROL_CHARACTER',
        '/reason',
      ],
      [
        'line feed in a single-line owner',
        json('/v1/waivers', JSON.stringify({ ...waiver, owner: 'team-a\nroot' })),
        422,
        'WAIVER_INVALID',
        '/owner',
      ],
      [
        'line feed in a purl',
        json('/v1/waivers', JSON.stringify({ ...waiver, purl: 'pkg:npm/a\n@1' })),
        422,
        'WAIVER_INVALID',
        '/purl',
      ],
      [
        'NUL in a rotation subject',
        json('/v1/attestations/rotation', JSON.stringify({ subject: 'al\u0000ice', items: ['ci/token'] })),
        400,
        'CONTROL_CHARACTER',
        '/subject',
      ],
      [
        'NUL in a waiver id',
        { method: 'DELETE', url: '/v1/waivers/%00', headers: AUTH },
        400,
        'CONTROL_CHARACTER',
        'params.id',
      ],
      [
        'line feed in a waiver id',
        { method: 'DELETE', url: '/v1/waivers/w-%0A1', headers: AUTH },
        400,
        'CONTROL_CHARACTER',
        'params.id',
      ],
      [
        'NUL in a decisions env',
        { method: 'GET', url: '/v1/decisions?env=%00' },
        400,
        'CONTROL_CHARACTER',
        'query.env',
      ],
      [
        'NUL in a verify env',
        { method: 'GET', url: `/v1/verify?digest=${digest}&env=pr%00od` },
        400,
        'CONTROL_CHARACTER',
        'query.env',
      ],
      [
        'NUL in an evidence name',
        { method: 'POST', url: `/v1/artifacts/${digest}/evidence?kind=sbom&name=a%00b`, headers: AUTH, payload: '{}' },
        400,
        'CONTROL_CHARACTER',
        'query.name',
      ],
      [
        'DEL in a repeated parent',
        {
          method: 'POST',
          url: `/v1/artifacts/${digest}/evidence?kind=sbom&parent=${digest}&parent=x%7F`,
          headers: AUTH,
          payload: '{}',
        },
        400,
        'CONTROL_CHARACTER',
        'query.parent',
      ],
      [
        'NUL in a due window',
        { method: 'GET', url: '/v1/waivers/due?within=1d%00' },
        400,
        'CONTROL_CHARACTER',
        'query.within',
      ],
      [
        'NUL in a digest path segment',
        { method: 'GET', url: `/v1/artifacts/sha256:%00` },
        400,
        'CONTROL_CHARACTER',
        'params.digest',
      ],
    ];
    for (const [what, request, status, code, path] of cases) {
      test(`${what}: ${status} ${code} at ${path}`, async () => {
        const r = await t.app.inject(request);
        assert.equal(r.statusCode, status, r.body);
        assert.equal(r.json().error.code, code);
        assert.equal(r.json().error.path, path);
      });
    }

    test('a multi-line reason is still a waiver', async () => {
      const r = await t.app.inject(
        json('/v1/waivers', JSON.stringify({ ...waiver, reason: 'not reachable:\n\t- see PAY-123' })),
      );
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().reason, 'not reachable:\n\t- see PAY-123');
    });
  });
}

test('policy/waivers.yaml refuses the same control characters as the API', () => {
  const file = (owner: string, extra = '') =>
    `version: 1\nwaivers:\n  - advisory: GHSA-aaaa-bbbb-cccc\n    owner: ${owner}\n    reason: accepted\n    created: 2026-11-21T10:00:00Z\n    ttl: 2d\n${extra}`;
  for (const [yaml, path] of [
    [file('"o\\0x"'), '/waivers/0/owner'],
    [file('"a\\nb"'), '/waivers/0/owner'],
    [file('team', '    id: "w\\x07"\n'), '/waivers/0/id'],
  ] as const) {
    const { issues } = lintWaiversText(yaml, 'waivers.yaml', '30d');
    assert.ok(
      issues.some((i) => i.severity === 'error' && i.path === path),
      `${yaml}: ${JSON.stringify(issues)}`,
    );
  }
  assert.deepEqual(lintWaiversText(file('team-a'), 'waivers.yaml', '30d').issues, []);
});

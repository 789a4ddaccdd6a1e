import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.js';
import { AUTH, startTestApp, type TestApp } from '../support/http-app.js';
import { cyclonedx } from '../support/workspace.js';

const digest = `sha256:${'b'.repeat(64)}`;
const waiver = '{"advisory":"GHSA-aaaa-bbbb-cccc","owner":"team-a","reason":"accepted","ttl":"1d"}';

describe('JSON routes read their bodies strictly', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(ENGINES[0]!);
  });
  after(async () => t?.close());

  const post = (url: string, contentType: string | undefined, payload: string | Buffer) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...AUTH, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      payload,
    });

  test('only application/json (optionally charset=utf-8) is taken: anything else is 415', async () => {
    const cases: Array<[string | undefined, number]> = [
      ['application/json', 201],
      ['application/json; charset=utf-8', 201],
      ['Application/JSON;charset="UTF-8"', 201],
      ['application/json;', 201],
      [undefined, 415],
      ['text/plain', 415],
      ['application/x-www-form-urlencoded', 415],
      ['application/json; charset=latin1', 415],
      ['application/json; boundary=x', 415],
      ['application/jsonp', 415],
    ];
    for (const [type, status] of cases) {
      for (const url of ['/v1/waivers', '/v1/attestations/rotation']) {
        const body = url === '/v1/waivers' ? waiver : '{"subject":"alice","items":["ci/token"]}';
        const r = await post(url, type, body);
        assert.equal(r.statusCode, status, `${url} ${type}: ${r.body}`);
        if (status === 415) assert.equal(r.json().error.code, 'CONTENT_TYPE_UNSUPPORTED');
      }
    }
  });

  test('evidence keeps taking raw documents of any media type', async () => {
    const sbom = Buffer.from(cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]));
    for (const type of [undefined, 'text/plain', 'application/octet-stream', 'application/vnd.cyclonedx+json']) {
      const r = await post(`/v1/artifacts/${digest}/evidence?kind=sbom`, type, sbom);
      assert.equal(r.statusCode, 201, `${type}: ${r.body}`);
    }
  });

  test('duplicate keys, invalid UTF-8 and malformed JSON are 400 with the code and path', async () => {
    const cases: Array<[string, string | Buffer, string, string | undefined]> = [
      [
        '/v1/waivers',
        '{"advisory":"GHSA-aaaa-bbbb-cccc","owner":"team-a","owner":"root","reason":"r","ttl":"1d"}',
        'JSON_DUPLICATE_KEY',
        '/owner',
      ],
      ['/v1/attestations/rotation', '{"subject":"alice","items":["a"],"items":["b"]}', 'JSON_DUPLICATE_KEY', '/items'],
      [
        '/v1/waivers',
        Buffer.concat([Buffer.from('{"owner":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
        'JSON_INVALID_UTF8',
        '/',
      ],
      ['/v1/waivers', '{"advisory":', 'MALFORMED_JSON', undefined],
      ['/v1/waivers', '', 'BODY_MISSING', undefined],
    ];
    for (const [url, payload, code, path] of cases) {
      const r = await post(url, 'application/json', payload);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.code, code);
      if (path !== undefined) assert.equal(r.json().error.path, path);
    }
  });
});

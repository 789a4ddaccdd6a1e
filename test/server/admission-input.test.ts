import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { podReview, workloadObject, admissionReview } from '../delivery/admission-reviews.js';
import { ADMISSION_TOKEN, ALLOWED, postReview, startAdmissionApp, type AdmissionApp } from './admission-app.js';

const pod = (image = `api@${ALLOWED}`) => podReview({ containers: [{ name: 'api', image }] });
const errorOf = (r: { statusCode: number; json(): unknown }) =>
  (r.json() as { error: { code: string; message: string } }).error;
const responseOf = (r: { json(): unknown }) =>
  (r.json() as { response: { allowed: boolean; status: { code: number; message: string }; warnings?: string[] } })
    .response;

// Bad input over the engine-independent route: the first engine is enough.
describe('admission webhook: bad input, auth, limits and the environment of a namespace', () => {
  let t: AdmissionApp;
  before(async () => {
    t = await startAdmissionApp(ENGINES[0]!);
  });
  after(async () => t?.close());

  test('no readable envelope: 4xx in the one error shape, never a 5xx or a stack trace', async () => {
    const cases: Array<[string, number, string]> = [
      ['{"kind":', 400, 'MALFORMED_JSON'],
      ['[]', 400, 'ADMISSION_REVIEW_INVALID'],
      [JSON.stringify({ ...pod(), apiVersion: 'admission.k8s.io/v2' }), 422, 'ADMISSION_VERSION_UNSUPPORTED'],
      [
        JSON.stringify({ ...pod(), request: { ...(pod().request as object), uid: undefined } }),
        400,
        'ADMISSION_UID_MISSING',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await postReview(t.app, body);
      assert.equal(r.statusCode, status, body.slice(0, 40));
      assert.equal(errorOf(r).code, code);
      assert.doesNotMatch(r.body, /\bat .*\.(ts|js):\d+/, 'no stack trace');
    }
    const empty = await t.app.inject({
      method: 'POST',
      url: '/v1/admission/validate?env=prod',
      headers: { authorization: `Bearer ${ADMISSION_TOKEN}`, 'content-type': 'application/json' },
    });
    assert.equal(empty.statusCode, 400);
    assert.equal(errorOf(empty).code, 'BODY_MISSING');
  });

  test('a readable uid with a malformed request or object: an AdmissionReview deny carrying the error code', async () => {
    const noTemplate = admissionReview('Deployment', { ...workloadObject('Deployment', 'api', {}), spec: {} });
    const r = await postReview(t.app, noTemplate);
    assert.equal(r.statusCode, 200);
    const response = responseOf(r);
    assert.equal(response.allowed, false);
    assert.equal(response.status.code, 400);
    assert.match(response.status.message, /^mc cannot judge this request: ADMISSION_OBJECT_INVALID: /);
    const badOp = { ...pod(), request: { ...(pod().request as object), operation: 'PATCH' } };
    assert.equal(responseOf(await postReview(t.app, badOp)).status.code, 400);
  });

  test('an environment gates.yaml does not define: denied in kind with ENVIRONMENT_UNKNOWN (fail closed)', async () => {
    const response = responseOf(await postReview(t.app, pod(), '?env=qa'));
    assert.equal(response.allowed, false);
    assert.equal(response.status.code, 400);
    assert.match(response.status.message, /ENVIRONMENT_UNKNOWN/);
  });

  test('a body over 4 MiB is 413 in the error shape; one under it is read', async () => {
    const big = pod();
    big.request.object.metadata.annotations = { note: 'x'.repeat(4 * 1024 * 1024) };
    const r = await postReview(t.app, big);
    assert.equal(r.statusCode, 413);
    assert.equal(errorOf(r).code, 'BODY_TOO_LARGE');
    big.request.object.metadata.annotations = { note: 'x'.repeat(3 * 1024 * 1024) };
    assert.equal(
      responseOf(await postReview(t.app, big)).allowed,
      true,
      'an object and an old object of 1.5 MiB each fit',
    );
  });

  test('the bearer token is checked before the body: 401 without, 403 rejected; both token kinds are accepted', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/v1/admission/validate',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(pod()),
    });
    assert.equal(none.statusCode, 401);
    assert.equal(errorOf(none).code, 'TOKEN_MISSING');
    const wrong = await postReview(t.app, pod(), '?env=prod', 'wrong-token-0123456789abcdef');
    assert.equal(wrong.statusCode, 403);
    assert.equal(errorOf(wrong).code, 'TOKEN_REJECTED');
    assert.equal(responseOf(await postReview(t.app, pod(), '?env=prod', TEST_TOKEN)).allowed, true, 'MC_API_TOKENS');
    assert.equal(responseOf(await postReview(t.app, pod(), '?env=prod', ADMISSION_TOKEN)).allowed, true);
  });

  test('an admission token opens the admission webhook only (role admission), not the other mutating routes', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/waivers',
      headers: { authorization: `Bearer ${ADMISSION_TOKEN}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ advisory: 'GHSA-aaaa-bbbb-cccc', owner: 'a', reason: 'b', ttl: '1d' }),
    });
    assert.equal(r.statusCode, 403);
  });

  test('a media type other than JSON is 415 before the body is read', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/admission/validate',
      headers: { authorization: `Bearer ${ADMISSION_TOKEN}`, 'content-type': 'application/yaml' },
      payload: 'kind: AdmissionReview',
    });
    assert.equal(r.statusCode, 415);
  });

  test('no ?env=, no namespace map entry, no default: allowed, not judged, with a warning', async () => {
    const response = responseOf(await postReview(t.app, pod('redis:7'), ''));
    assert.equal(response.allowed, true);
    assert.match(response.warnings?.[0] ?? '', /maps to no environment/);
  });
});

describe('admission webhook: mc cannot decide', () => {
  test('the store gone: HTTP 200 with a deny in kind and a masked message, never a 5xx or a stack trace', async () => {
    const t = await startAdmissionApp(ENGINES[0]!);
    try {
      await t.installation.store.close();
      const r = await postReview(t.app, pod(`api@sha256:${'e'.repeat(64)}`));
      assert.equal(r.statusCode, 200);
      const response = responseOf(r);
      assert.equal(response.allowed, false, 'fail closed');
      assert.ok(response.status.code >= 500, String(response.status.code));
      assert.match(response.status.message, /^mc cannot judge this request: /);
      assert.doesNotMatch(response.status.message, /\bat .*\.(ts|js):\d+|database|sqlite/i);
    } finally {
      await t.app.close();
    }
  });
});

describe('admission webhook: the namespace map overrides the URL; default_env covers the rest', () => {
  let t: AdmissionApp;
  before(async () => {
    t = await startAdmissionApp(ENGINES[0]!, { namespaceEnvs: { shop: 'prod', sandbox: 'dev' }, defaultEnv: 'dev' });
  });
  after(async () => t?.close());

  test('a mapped namespace is judged by its mapped environment, whatever the URL says (a relabel does not escape)', async () => {
    const response = responseOf(await postReview(t.app, pod('redis:7'), '?env=dev'));
    assert.equal(response.allowed, false, 'shop is prod in the map: the tag is denied');
    const warned = responseOf(await postReview(t.app, pod(`api@${ALLOWED}`), '?env=dev'));
    assert.match(warned.warnings?.[0] ?? '', /namespace shop is judged as prod \(mc's namespace map\), not dev/);
  });

  test('an unmapped namespace takes the URL, then default_env', async () => {
    const other = (query: string) =>
      postReview(t.app, podReview({ containers: [{ name: 'a', image: 'redis:7' }] }, { namespace: 'other' }), query);
    assert.equal(responseOf(await other('?env=prod')).allowed, false, 'URL env prod: tag denied');
    const byDefault = responseOf(await other(''));
    assert.equal(byDefault.allowed, true, 'default dev: tag warned');
    assert.match(byDefault.warnings?.[0] ?? '', /IMAGE_NOT_PINNED/);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ExprUnsupported, webMeasurement, type WebMetricSpec } from './argo-web-provider.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';

/** One row of Argo Rollouts' own web-metric test table (TestRunSuite), transcribed in shared/. */
interface Row {
  name: string;
  webServerStatus: number | null;
  webServerResponse: string | null;
  metric: WebMetricSpec & { url?: string };
  expectedValue?: string;
  expectedPhase: string;
}

const file = sharedPath('conformance', 'deploy-webhooks', 'argo-rollouts', 'derived-webmetric-cases.json');
const rows: Row[] = file ? JSON.parse(readFileSync(file, 'utf8')).cases : [];
const row = (name: string) => rows.find((r) => r.name === name)!;

describe('the web-provider model against Argo Rollouts’ own table', { skip: file ? false : SHARED_SKIP }, () => {
  test('the table has its 39 rows', () => assert.equal(rows.length, 39));

  test('every row the model can evaluate gets Argo’s phase (and recorded value)', () => {
    const evaluated: string[] = [];
    const outside: string[] = [];
    let requestSide = 0;
    for (const r of rows) {
      // Failures before any answer (a bad URL, a body on a GET, a refused OAuth2 token) are the
      // request's, not the response's: Argo marks them Error, which the model has no part in.
      if (r.webServerStatus === null || r.metric.url !== undefined) {
        assert.equal(r.expectedPhase, 'Error', r.name);
        requestSide++;
        continue;
      }
      let got: ReturnType<typeof webMeasurement>;
      try {
        got = webMeasurement(r.webServerStatus, r.webServerResponse ?? '', r.metric);
      } catch (e) {
        if (!(e instanceof ExprUnsupported)) throw e;
        outside.push(r.name);
        continue;
      }
      evaluated.push(r.name);
      assert.equal(got.phase, r.expectedPhase, r.name);
      if (got.phase !== 'Error' && r.expectedValue !== undefined) assert.equal(got.value, r.expectedValue, r.name);
    }
    // Only expr-lang's closures (all, any over a list) are outside the subset the model evaluates.
    for (const name of outside)
      assert.match(
        [row(name).metric.successCondition, row(name).metric.failureCondition].join(' '),
        /\b(all|any)\(/,
        name,
      );
    assert.deepEqual(
      [evaluated.length, outside.length, requestSide],
      [23, 11, 5],
      'rows evaluated, outside, request-side',
    );
  });

  test('a non-2xx answer is an Error, not a Failed measurement, whatever its body', () => {
    for (const name of ['When_non200_Then_Error', 'When_non200Response_And_NoBody_Then_Failure']) {
      assert.ok(row(name).webServerStatus! >= 300, name);
      assert.equal(row(name).expectedPhase, 'Error', name);
    }
  });

  test('an empty or non-JSON 2xx body is a string result that a lenient condition passes', () => {
    for (const name of [
      'When_200Response_And_EmptyBody_Then_Succeed',
      'When_200Response_And_NilBody_Then_Succeed',
      'When_200Response_And_NonJsonBody_Then_Succeed',
    ])
      assert.equal(row(name).expectedPhase, 'Successful', name);
    assert.equal(
      row('When_200Response_And_EmptyBody_And_SuccessConditionNotMet_Then_Fail (#4535)').expectedPhase,
      'Failed',
    );
  });

  test('our condition, result.allow == true, on the answers /v1/verify/metric must never send', () => {
    const ours = { successCondition: 'result.allow == true' };
    assert.equal(webMeasurement(403, '{"allow":false}', ours).phase, 'Error', 'a deny as 403 would be an Error');
    assert.equal(webMeasurement(500, '', ours).phase, 'Error');
    assert.equal(webMeasurement(200, '', ours).phase, 'Error', 'an empty body: a string has no field allow');
    assert.equal(webMeasurement(200, 'OK', ours).phase, 'Error');
    assert.equal(webMeasurement(200, 'null', ours).phase, 'Error');
    assert.equal(webMeasurement(200, '{}', ours).phase, 'Failed', 'a JSON object without allow fails');
    assert.equal(webMeasurement(200, '{"allow":"true"}', ours).phase, 'Failed', 'only the JSON true passes');
    assert.equal(webMeasurement(200, '{"allow":true}', ours).phase, 'Successful');
  });
});

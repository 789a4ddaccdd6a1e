import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdmissionError } from '../../src/delivery/admission-error.js';
import { readEnvelope, readRequest } from '../../src/delivery/admission-request.js';
import { admissionReviewResponse, boundedWarnings, WARNING_MAX } from '../../src/delivery/admission-response.js';
import { SHARED_SKIP } from '../support/shared-data.js';
import { fixtureReview, podReview, type TestReview } from './admission-reviews.js';

const isAdmissionError = (code: string) => (e: unknown) => e instanceof AdmissionError && e.code === code;

for (const version of ['v1', 'v1beta1'] as const) {
  const fixture = fixtureReview(version);
  test(`the Kubernetes API's ${version} AdmissionReview fixture (every field populated) decodes`, {
    skip: fixture ? false : SHARED_SKIP,
  }, () => {
    const envelope = readEnvelope(fixture);
    assert.deepEqual(envelope, { apiVersion: `admission.k8s.io/${version}`, uid: 'uidValue' });
    // Its operation is the placeholder "operationValue", which no API server sends: answered in kind as invalid.
    assert.throws(
      () => readRequest(fixture, envelope),
      (e: unknown) =>
        isAdmissionError('ADMISSION_REQUEST_INVALID')(e) && (e as AdmissionError).path === '/request/operation',
    );
    const real = structuredClone(fixture) as { request: Record<string, unknown> };
    real.request.operation = 'UPDATE';
    const request = readRequest(real, envelope);
    assert.equal(request.operation, 'UPDATE');
    assert.equal(request.kind.kind, 'kindValue');
    assert.equal(request.namespace, 'namespaceValue');
    assert.equal(request.subResource, 'subResourceValue');
    assert.equal(request.dryRun, true);
  });

  test(`the answer has the wire shape of the fixture's response half (${version})`, {
    skip: fixture ? false : SHARED_SKIP,
  }, () => {
    const envelope = readEnvelope(fixture);
    const answer = admissionReviewResponse(envelope, {
      allowed: false,
      code: 403,
      message: 'denied',
      warnings: ['w'],
    });
    const expected = (fixture as { response: Record<string, unknown> }).response;
    assert.equal(answer.apiVersion, `admission.k8s.io/${version}`);
    assert.equal(answer.kind, 'AdmissionReview');
    assert.equal(answer.response.uid, expected.uid, 'the uid is echoed');
    for (const key of Object.keys(answer.response))
      assert.ok(key in expected, `${key} is a field of AdmissionResponse`);
    for (const key of Object.keys(answer.response.status))
      assert.ok(key in (expected.status as object), `status.${key} is a field of metav1.Status`);
  });
}

test('no envelope, no answer in kind: each problem has its code', () => {
  const review = podReview({ containers: [] });
  const without = (mutate: (r: TestReview) => void) => {
    const r = structuredClone(review) as TestReview;
    mutate(r);
    return r;
  };
  assert.throws(() => readEnvelope([]), isAdmissionError('ADMISSION_REVIEW_INVALID'));
  assert.throws(() => readEnvelope(without((r) => (r.kind = 'Pod'))), isAdmissionError('ADMISSION_REVIEW_INVALID'));
  assert.throws(
    () => readEnvelope(without((r) => (r.apiVersion = 'admission.k8s.io/v2'))),
    isAdmissionError('ADMISSION_VERSION_UNSUPPORTED'),
  );
  assert.throws(
    () => readEnvelope(without((r) => Object.assign(r, { request: undefined }))),
    isAdmissionError('ADMISSION_REVIEW_INVALID'),
  );
  assert.throws(
    () => readEnvelope(without((r) => Object.assign(r.request, { uid: undefined }))),
    isAdmissionError('ADMISSION_UID_MISSING'),
  );
  assert.throws(() => readEnvelope(without((r) => (r.request.uid = 7))), isAdmissionError('ADMISSION_UID_MISSING'));
});

test('a readable envelope with a malformed request is ADMISSION_REQUEST_INVALID (answered in kind by the route)', () => {
  for (const mutate of [
    (r: TestReview) => (r.request.kind = 'Pod'),
    (r: TestReview) => (r.request.operation = 'PATCH'),
    (r: TestReview) => (r.request.dryRun = 'yes'),
    (r: TestReview) => (r.request.namespace = 42),
  ]) {
    const r = structuredClone(podReview({ containers: [] })) as TestReview;
    mutate(r);
    assert.throws(() => readRequest(r, readEnvelope(r)), isAdmissionError('ADMISSION_REQUEST_INVALID'));
  }
});

test('a Pod created by a ReplicaSet has no name yet: its generateName stands in', () => {
  const r = structuredClone(podReview({ containers: [] }, { name: '' })) as TestReview;
  r.request.object.metadata = { generateName: 'api-7d9f8-', namespace: 'shop' };
  assert.equal(readRequest(r, readEnvelope(r)).name, 'api-7d9f8-');
});

test('warnings: each clipped to 120 characters, control characters replaced, the list bounded', () => {
  const w = boundedWarnings([`x\n${'y'.repeat(200)}`, ...Array.from({ length: 100 }, () => 'z'.repeat(119))]);
  assert.equal(w[0]!.length, WARNING_MAX);
  assert.ok(w[0]!.startsWith('x?y') && w[0]!.endsWith('…'));
  assert.ok(w.join('').length <= 4096);
  assert.match(w.at(-1)!, /more warning\(s\) left out/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdmissionError } from '../../src/delivery/admission-error.js';
import { JUDGED_KINDS, workloadImages } from '../../src/delivery/pod-images.js';
import { GVK, workloadObject } from './admission-reviews.js';

const spec = {
  initContainers: [{ name: 'migrate', image: 'registry.example/acme/migrate:1' }],
  containers: [
    { name: 'api', image: 'registry.example/acme/api:1' },
    { name: 'proxy', image: 'envoy:1' },
  ],
};

test('every workload kind yields the images of its pod template: containers and initContainers', () => {
  for (const kind of ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout']) {
    const r = workloadImages(GVK[kind]!, workloadObject(kind, 'api', spec));
    assert.ok(r.judged, kind);
    assert.deepEqual(
      r.judged && r.images.map((c) => `${c.field}/${c.container}=${c.image}`),
      [
        'containers/api=registry.example/acme/api:1',
        'containers/proxy=envoy:1',
        'initContainers/migrate=registry.example/acme/migrate:1',
      ],
      kind,
    );
  }
  assert.ok(JUDGED_KINDS.includes('batch/CronJob') && JUDGED_KINDS.includes('argoproj.io/Rollout'));
});

test('ephemeral containers (kubectl debug) are judged too; a container without a name or image is still listed', () => {
  const r = workloadImages(GVK.Pod!, {
    spec: { containers: [{ image: 'a:1' }], ephemeralContainers: [{ name: 'debugger' }] },
  });
  assert.deepEqual(r.judged && r.images, [
    { field: 'containers', container: '#0', image: 'a:1' },
    { field: 'ephemeralContainers', container: 'debugger', image: undefined },
  ]);
});

test('a kind mc does not judge, and a Rollout referencing a Deployment, are not judged (with the reason)', () => {
  const cm = workloadImages(GVK.ConfigMap!, workloadObject('ConfigMap', 'c', {}));
  assert.equal(cm.judged, false);
  assert.match(!cm.judged ? cm.reason : '', /does not judge ConfigMap/);
  const ref = workloadImages(GVK.Rollout!, {
    spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' } },
  });
  assert.equal(ref.judged, false);
  assert.match(!ref.judged ? ref.reason : '', /workloadRef/);
});

test('a judged kind without a well-formed pod spec is ADMISSION_OBJECT_INVALID with the path', () => {
  for (const [object, path] of [
    [null, 'request.object'],
    [{ spec: {} }, 'request.object.spec.template'],
    [{ spec: { template: { spec: { containers: {} } } } }, 'request.object.spec.template.spec.containers'],
    [{ spec: { template: { spec: { containers: ['x'] } } } }, 'request.object.spec.template.spec.containers[0]'],
    [
      { spec: { template: { spec: { containers: [{ name: 'a', image: 7 }] } } } },
      'request.object.spec.template.spec.containers[0].image',
    ],
  ] as const) {
    assert.throws(
      () => workloadImages(GVK.Deployment!, object),
      (e: unknown) => e instanceof AdmissionError && e.code === 'ADMISSION_OBJECT_INVALID' && e.path === path,
      path,
    );
  }
});

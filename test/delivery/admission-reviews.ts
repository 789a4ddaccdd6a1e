import { readFileSync } from 'node:fs';
import { sharedPath } from '../support/shared-data.js';

/**
 * AdmissionReview requests as the API server sends them. The envelope is the Kubernetes API's own
 * serialization fixture (kubernetes/api testdata/HEAD, ../shared/conformance/deploy-webhooks/
 * kubernetes-api-testdata/, every field populated), with `request.kind`, `object` and the rest
 * set to the case at hand; without ../shared a hand-written envelope of the same shape is used.
 */
export type Version = 'v1' | 'v1beta1';

export function fixtureReview(version: Version): Record<string, unknown> | undefined {
  const file = sharedPath(
    'conformance',
    'deploy-webhooks',
    'kubernetes-api-testdata',
    `admission.k8s.io.${version}.AdmissionReview.json`,
  );
  return file === undefined ? undefined : (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

function envelope(version: Version): { apiVersion: string; kind: string; request: Record<string, unknown> } {
  const fixture = fixtureReview(version);
  const base = fixture ?? {
    apiVersion: `admission.k8s.io/${version}`,
    kind: 'AdmissionReview',
    request: { userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: [] } },
  };
  // The API server sends a request only: the fixture's response half is the wire shape of our answer.
  const { response: _response, ...review } = base as Record<string, unknown>;
  return structuredClone(review) as { apiVersion: string; kind: string; request: Record<string, unknown> };
}

export const GVK: Record<string, { group: string; version: string; kind: string; resource: string }> = {
  Pod: { group: '', version: 'v1', kind: 'Pod', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets' },
  Job: { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs' },
  Rollout: { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', resource: 'rollouts' },
  ConfigMap: { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps' },
};

export interface PodSpecInput {
  containers?: Array<{ name: string; image?: string }>;
  initContainers?: Array<{ name: string; image?: string }>;
  ephemeralContainers?: Array<{ name: string; image?: string }>;
}

/** The object of `kind` holding `spec` where that kind keeps its pod spec. */
export function workloadObject(kind: string, name: string, spec: PodSpecInput): Record<string, unknown> {
  const g = GVK[kind]!;
  const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
  const metadata = { name, namespace: 'shop', labels: { app: name } };
  const template = { metadata: { labels: { app: name } }, spec };
  const body =
    kind === 'Pod'
      ? { spec }
      : kind === 'CronJob'
        ? { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } } }
        : kind === 'ConfigMap'
          ? { data: { key: 'value' } }
          : { spec: { selector: { matchLabels: { app: name } }, template } };
  return { apiVersion, kind, metadata, ...body };
}

/** A review as tests edit it: the fields they touch are typed, the rest passes through. */
export interface TestReview {
  apiVersion: string;
  kind: string;
  request: {
    uid?: unknown;
    kind?: unknown;
    namespace?: unknown;
    operation?: unknown;
    dryRun?: unknown;
    object: { metadata: Record<string, unknown>; spec: { containers: Array<Record<string, unknown>> } };
    [field: string]: unknown;
  };
}

export interface ReviewOptions {
  version?: Version;
  uid?: string;
  namespace?: string;
  name?: string;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  dryRun?: boolean;
  oldObject?: unknown;
  subResource?: string;
}

/** An AdmissionReview request for `object` of `kind`. */
export function admissionReview(kind: string, object: unknown, o: ReviewOptions = {}): TestReview {
  const review = envelope(o.version ?? 'v1');
  const g = GVK[kind]!;
  const operation = o.operation ?? 'CREATE';
  const { subResource: _s, requestSubResource: _r, ...rest } = review.request;
  review.request = {
    ...rest,
    uid: o.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: g.group, version: g.version, kind: g.kind },
    resource: { group: g.group, version: g.version, resource: g.resource },
    requestKind: { group: g.group, version: g.version, kind: g.kind },
    requestResource: { group: g.group, version: g.version, resource: g.resource },
    ...(o.subResource ? { subResource: o.subResource, requestSubResource: o.subResource } : {}),
    name: o.name ?? (object as { metadata?: { name?: string } }).metadata?.name ?? '',
    namespace: o.namespace ?? 'shop',
    operation,
    object: operation === 'DELETE' ? null : object,
    oldObject: o.oldObject ?? null,
    dryRun: o.dryRun ?? false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: operation === 'UPDATE' ? 'UpdateOptions' : 'CreateOptions' },
  };
  return review as unknown as TestReview;
}

export const podReview = (spec: PodSpecInput, o: ReviewOptions = {}) =>
  admissionReview('Pod', workloadObject('Pod', o.name ?? 'api-7d9f8-x2x9q', spec), o);

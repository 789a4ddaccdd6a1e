import { Certificate, Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { Ajv } from 'ajv';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { API_SERVER_CONFIG_SCHEMAS } from './api-server-config-schemas.js';
import { crdValidator } from './crd-schema.js';

/** Checks one document against its kind's schema: the problems found, [] when valid. */
export type ManifestCheck = (doc: Record<string, unknown>) => string[];

type ModelClass = new (data: never) => { validate(): void };

/** A kind from kubernetes-models (Kubernetes' own OpenAPI schema, compiled): its validate() throws. */
function model(Model: ModelClass): ManifestCheck {
  return (doc) => {
    let problems: string[] = [];
    try {
      new Model(doc as never).validate();
    } catch (e) {
      const errors = (e as { errors?: Array<{ instancePath: string; message?: string; params?: unknown }> }).errors;
      if (!errors) throw e;
      problems = errors.map((x) => `${x.instancePath || '/'} ${x.message} ${JSON.stringify(x.params)}`);
    }
    return [...problems, ...nameProblems(doc)];
  };
}

/** A custom resource: its CRD's structural schema (crd-schema.ts) and Kubernetes' ObjectMeta. */
function crd(file: string, kind: string): ManifestCheck {
  let compiled: ReturnType<typeof crdValidator> | undefined;
  return (doc) => {
    compiled ??= crdValidator(file, kind);
    const problems: string[] = [];
    if (doc.apiVersion !== compiled.version)
      problems.push(`apiVersion ${String(doc.apiVersion)} is not the served ${compiled.version}`);
    if (!compiled.validate(doc))
      for (const x of compiled.validate.errors ?? [])
        problems.push(`${x.instancePath || '/'} ${x.message} ${JSON.stringify(x.params)}`);
    return [
      ...problems,
      ...nameProblems(doc),
      ...model(ObjectMeta as unknown as ModelClass)(doc.metadata as Record<string, unknown>).map(
        (p) => `/metadata${p}`,
      ),
    ];
  };
}

function jsonSchema(schema: object): ManifestCheck {
  let validate: ReturnType<Ajv['compile']> | undefined;
  return (doc) => {
    validate ??= new Ajv({ allErrors: true }).compile(schema);
    return validate(doc)
      ? []
      : (validate.errors ?? []).map((x) => `${x.instancePath || '/'} ${x.message} ${JSON.stringify(x.params)}`);
  };
}

const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kinds whose names the API server holds to a DNS-1123 label (they become DNS names or label values). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/**
 * The API server's name rule, which no OpenAPI schema carries (apimachinery's ValidateObjectMeta
 * with NameIsDNSSubdomain, or NameIsDNSLabel for Namespaces and Services).
 */
export function nameProblems(doc: Record<string, unknown>): string[] {
  const metadata = doc.metadata as { name?: unknown; namespace?: unknown } | undefined;
  if (metadata === undefined) return [];
  const problems: string[] = [];
  const rule = LABEL_NAMED.has(String(doc.kind)) ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (typeof metadata.name !== 'string' || !rule.test(metadata.name))
    problems.push(
      `/metadata/name ${JSON.stringify(metadata.name)} is not a DNS-1123 ${rule === DNS1123_LABEL ? 'label' : 'subdomain'}`,
    );
  if (
    metadata.namespace !== undefined &&
    !(typeof metadata.namespace === 'string' && DNS1123_LABEL.test(metadata.namespace))
  )
    problems.push(`/metadata/namespace ${JSON.stringify(metadata.namespace)} is not a DNS-1123 label`);
  return problems;
}

/**
 * Every kind deploy/ may hold, by `apiVersion kind`, with the schema it is checked against. A
 * document of any other kind fails the test: nothing under deploy/ goes unchecked.
 * `crdDir` is ../shared/conformance/deploy-webhooks (the CRDs Argo Rollouts and Flagger publish).
 */
export function manifestSchemas(crdDir: string): ReadonlyMap<string, ManifestCheck> {
  const argo = `${crdDir}/argo-rollouts/manifests/crds`;
  return new Map<string, ManifestCheck>([
    ['v1 Namespace', model(Namespace)],
    ['v1 ServiceAccount', model(ServiceAccount)],
    ['v1 Service', model(Service)],
    ['v1 Secret', model(Secret)],
    ['v1 ConfigMap', model(ConfigMap)],
    ['apps/v1 Deployment', model(Deployment)],
    ['batch/v1 Job', model(Job)],
    ['policy/v1 PodDisruptionBudget', model(PodDisruptionBudget)],
    ['admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration', model(ValidatingWebhookConfiguration)],
    ['cert-manager.io/v1 Certificate', model(Certificate)],
    ['cert-manager.io/v1 Issuer', model(Issuer)],
    ['argoproj.io/v1alpha1 Rollout', crd(`${argo}/rollout-crd.yaml`, 'Rollout')],
    ['argoproj.io/v1alpha1 AnalysisTemplate', crd(`${argo}/analysis-template-crd.yaml`, 'AnalysisTemplate')],
    ['argoproj.io/v1alpha1 AnalysisRun', crd(`${argo}/analysis-run-crd.yaml`, 'AnalysisRun')],
    ['flagger.app/v1beta1 Canary', crd(`${crdDir}/flagger/artifacts/flagger/crd.yaml`, 'Canary')],
    ...Object.entries(API_SERVER_CONFIG_SCHEMAS).map(([key, schema]) => [key, jsonSchema(schema)] as const),
  ]);
}

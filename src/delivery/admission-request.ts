import { AdmissionError } from './admission-error.js';
import type { GroupKind } from './pod-images.js';

/** The AdmissionReview versions the API server may send (ValidatingWebhookConfiguration admissionReviewVersions). */
export const ADMISSION_REVIEW_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type AdmissionReviewVersion = (typeof ADMISSION_REVIEW_VERSIONS)[number];

export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What an answer needs: the version to answer in and the uid to echo. */
export interface AdmissionEnvelope {
  apiVersion: AdmissionReviewVersion;
  uid: string;
}

/** The fields of `request` that mc reads (k8s.io/api/admission/v1 AdmissionRequest); the rest is ignored. */
export interface AdmissionRequest extends AdmissionEnvelope {
  kind: GroupKind & { version: string };
  /** '' for a cluster-scoped object. */
  namespace: string;
  /** The object's name; '' on CREATE when the object asks for a generated one (metadata.generateName). */
  name: string;
  operation: Operation;
  /** '' for the object itself; `ephemeralcontainers`, `status`, `scale`, … for a subresource. */
  subResource: string;
  dryRun: boolean;
  object: unknown;
  oldObject: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A uid is echoed back verbatim; the API server sends a UUID. Bounded so an answer cannot be made to grow. */
const UID_MAX = 256;

/**
 * The envelope of an AdmissionReview (attacker-controlled until the bearer token says otherwise):
 * kind, a version we answer in, and request.uid. Without these there is no review to answer, so
 * each failure is an AdmissionError the server answers with a 4xx in the one error shape.
 */
export function readEnvelope(body: unknown): AdmissionEnvelope {
  if (!isObject(body) || body.kind !== 'AdmissionReview')
    throw new AdmissionError('ADMISSION_REVIEW_INVALID', 'the body must be an AdmissionReview object', {
      path: '/kind',
    });
  const apiVersion = body.apiVersion;
  if (!ADMISSION_REVIEW_VERSIONS.includes(apiVersion as AdmissionReviewVersion))
    throw new AdmissionError(
      'ADMISSION_VERSION_UNSUPPORTED',
      `apiVersion must be one of ${ADMISSION_REVIEW_VERSIONS.join(', ')}, got ${JSON.stringify(String(apiVersion)).slice(0, 60)}`,
      { path: '/apiVersion' },
    );
  if (!isObject(body.request))
    throw new AdmissionError('ADMISSION_REVIEW_INVALID', 'the AdmissionReview has no request object', {
      path: '/request',
    });
  const uid = body.request.uid;
  if (typeof uid !== 'string' || uid === '' || uid.length > UID_MAX)
    throw new AdmissionError('ADMISSION_UID_MISSING', `request.uid must be a string of 1 to ${UID_MAX} characters`, {
      path: '/request/uid',
    });
  return { apiVersion: apiVersion as AdmissionReviewVersion, uid };
}

/** The request inside a readable envelope; what is wrong with it is answered in kind (allowed: false). */
export function readRequest(body: unknown, envelope: AdmissionEnvelope): AdmissionRequest {
  const request = (body as { request: Record<string, unknown> }).request;
  const kind = request.kind;
  if (!isObject(kind) || typeof kind.kind !== 'string' || kind.kind === '')
    throw invalid('request.kind must be {group, version, kind}', '/request/kind');
  const operation = request.operation;
  if (!OPERATIONS.includes(operation as Operation))
    throw invalid(`request.operation must be one of ${OPERATIONS.join(', ')}`, '/request/operation');
  const dryRun = request.dryRun ?? false;
  if (typeof dryRun !== 'boolean') throw invalid('request.dryRun must be a boolean', '/request/dryRun');
  // Field by field, not `{ ...envelope, … }`: see admission-verdict.ts on spreads in the hot path.
  return {
    apiVersion: envelope.apiVersion,
    uid: envelope.uid,
    kind: {
      group: optionalString(kind.group, 'kind/group'),
      version: optionalString(kind.version, 'kind/version'),
      kind: kind.kind,
    },
    namespace: optionalString(request.namespace, 'namespace'),
    name: optionalString(request.name, 'name') || generatedName(request.object),
    operation: operation as Operation,
    subResource: optionalString(request.subResource, 'subResource'),
    dryRun,
    object: request.object ?? undefined,
    oldObject: request.oldObject ?? undefined,
  };
}

function optionalString(v: unknown, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string' || v.length > 253)
    throw invalid(`request.${field.replace('/', '.')} must be a name`, `/request/${field}`);
  return v;
}

/** A Pod made by a ReplicaSet has no name at admission, only `metadata.generateName` (`api-7d9f8-`). */
function generatedName(object: unknown): string {
  const meta = isObject(object) ? object.metadata : undefined;
  if (!isObject(meta)) return '';
  const name =
    typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '';
  return name.length <= 253 ? name : '';
}

function invalid(message: string, path: string): AdmissionError {
  return new AdmissionError('ADMISSION_REQUEST_INVALID', message, { path });
}

import { AdmissionError } from './admission-error.js';

/** The group and kind of a Kubernetes object (`""` is the core group: Pod). */
export interface GroupKind {
  group: string;
  kind: string;
}

export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerImage {
  field: ContainerField;
  /** The container's name, or `#<index>` when it has none. */
  container: string;
  /** The image as written, or undefined when the container names none. */
  image: string | undefined;
}

export type WorkloadImages = { judged: true; images: ContainerImage[] } | { judged: false; reason: string };

/**
 * Where each kind we judge keeps its pod spec. The version is left out on purpose: the pod
 * template sits at the same path in every served version, and the API server converts the
 * object to the version the webhook rule names (matchPolicy: Equivalent) anyway.
 */
const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['/Pod', ['spec']],
  ['/ReplicationController', ['spec', 'template', 'spec']],
  ['apps/Deployment', ['spec', 'template', 'spec']],
  ['apps/StatefulSet', ['spec', 'template', 'spec']],
  ['apps/DaemonSet', ['spec', 'template', 'spec']],
  ['apps/ReplicaSet', ['spec', 'template', 'spec']],
  ['batch/Job', ['spec', 'template', 'spec']],
  ['batch/CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ['argoproj.io/Rollout', ['spec', 'template', 'spec']],
]);

/** `group/Kind` of every kind whose images are judged (`/Pod` for the core group). */
export const JUDGED_KINDS: readonly string[] = [...POD_SPEC_PATHS.keys()];

const FIELDS: readonly ContainerField[] = ['containers', 'initContainers', 'ephemeralContainers'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The images of a Pod or of the pod template of a workload (`object` is attacker-controlled:
 * whoever may create the workload wrote it). A kind we do not judge, and an Argo Rollout that
 * references a Deployment (`spec.workloadRef`) instead of holding a template, are not judged;
 * a judged kind without a well-formed pod spec is an ADMISSION_OBJECT_INVALID.
 */
export function workloadImages(kind: GroupKind, object: unknown): WorkloadImages {
  const key = `${kind.group}/${kind.kind}`;
  const path = POD_SPEC_PATHS.get(key);
  if (path === undefined)
    return { judged: false, reason: `mc does not judge ${kind.group ? `${kind.group}/` : ''}${kind.kind} objects` };
  if (
    key === 'argoproj.io/Rollout' &&
    isObject(object) &&
    isObject(object.spec) &&
    object.spec.template === undefined
  ) {
    if (object.spec.workloadRef !== undefined)
      return {
        judged: false,
        reason: 'a Rollout with spec.workloadRef is not judged here: its pods are judged when they are created',
      };
  }
  let at: unknown = object;
  let where = 'request.object';
  for (const step of path) {
    if (!isObject(at)) throw objectInvalid(`${where} must be an object`, where);
    at = at[step];
    where += `.${step}`;
  }
  if (!isObject(at)) throw objectInvalid(`${where} must be an object holding the pod spec`, where);
  const images: ContainerImage[] = [];
  for (const field of FIELDS) {
    const list = at[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw objectInvalid(`${where}.${field} must be a list`, `${where}.${field}`);
    list.forEach((c: unknown, i) => {
      const cpath = `${where}.${field}[${i}]`;
      if (!isObject(c)) throw objectInvalid(`${cpath} must be an object`, cpath);
      if (c.image !== undefined && typeof c.image !== 'string')
        throw objectInvalid(`${cpath}.image must be a string`, `${cpath}.image`);
      const name = typeof c.name === 'string' && c.name !== '' ? c.name : `#${i}`;
      images.push({ field, container: name, image: c.image as string | undefined });
    });
  }
  return { judged: true, images };
}

function objectInvalid(message: string, path: string): AdmissionError {
  return new AdmissionError('ADMISSION_OBJECT_INVALID', message, { path });
}

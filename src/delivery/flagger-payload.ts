import { isDigest, type Digest } from '../domain/digest.js';
import { BaseError, type ErrorKind, type ErrorOptions } from '../domain/errors.js';

/**
 * Flagger's webhook types (pkg/apis/flagger/v1beta1 HookType). Flagger POSTs the same payload to
 * each; the hook type is not in it, so it comes from our URL (`/v1/flagger/<hook>`).
 */
export const FLAGGER_HOOKS = [
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
  'rollback',
  'post-rollout',
  'event',
] as const;
export type FlaggerHook = (typeof FLAGGER_HOOKS)[number];

/**
 * What Flagger does with our answer (docs/gitbook/usage/webhooks.md; controller/webhook.go treats
 * a status above 202 as a failure):
 * - `gate`: 200–202 lets the canary advance; anything else pauses it or counts a failed check.
 * - `rollback`: 200–202 makes Flagger stop the analysis and roll the canary back.
 * - `record`: the answer is only logged (post-rollout, event).
 */
export type FlaggerHookRole = 'gate' | 'rollback' | 'record';

export function roleOf(hook: FlaggerHook): FlaggerHookRole {
  if (hook === 'rollback') return 'rollback';
  return hook === 'post-rollout' || hook === 'event' ? 'record' : 'gate';
}

export type FlaggerErrorCode =
  | 'FLAGGER_PAYLOAD_INVALID' // not the CanaryWebhookPayload Flagger sends (path says which field)
  | 'FLAGGER_ENV_MISSING' // neither ?env= in the hook URL nor metadata.env
  | 'FLAGGER_ENV_CONFLICT' // ?env= and metadata.env both given, and different
  | 'DIGEST_UNRESOLVED' // no digest for the canary: a gating hook denies, never guesses
  | 'ROLLBACK_NOT_SIGNALLED'; // a rollback hook finds nothing to roll back for

const KIND: Partial<Record<FlaggerErrorCode, ErrorKind>> = {
  DIGEST_UNRESOLVED: 'forbidden',
  ROLLBACK_NOT_SIGNALLED: 'conflict',
};

export class FlaggerError extends BaseError<FlaggerErrorCode> {
  constructor(code: FlaggerErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, options, KIND[code] ?? 'malformed');
  }
}

/** Flagger's CanaryWebhookPayload (pkg/apis/flagger/v1beta1/canary.go). */
export interface FlaggerPayload {
  name: string;
  namespace: string;
  /** CanaryPhase: Initializing, Initialized, Waiting, Progressing, WaitingPromotion, Promoting, … */
  phase: string;
  /** Hash of the Canary's tracked configs and last applied spec: one value per canary revision. */
  checksum?: string;
  /** The webhook's `metadata` from the Canary spec (event hooks add eventMessage, eventType, timestamp). */
  metadata: Readonly<Record<string, string>>;
}

/** Kubernetes names: a namespace is a DNS label, a Canary name a DNS subdomain (RFC 1123). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const PHASE = /^[A-Za-z]{1,32}$/;
const MAX_METADATA_KEYS = 64;
const MAX_METADATA_VALUE = 8192;

const invalid = (path: string, message: string) => new FlaggerError('FLAGGER_PAYLOAD_INVALID', message, { path });

/**
 * Checks a parsed JSON body against the payload Flagger sends (attacker-controlled until the token
 * in it is checked). Fields Flagger may add later are ignored; the ones we read are checked.
 */
export function parseFlaggerPayload(body: unknown): FlaggerPayload {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('/', 'the body must be the JSON object Flagger sends: {name, namespace, phase, checksum, metadata}');
  const b = body as Record<string, unknown>;
  const text = (key: string, re: RegExp, what: string): string => {
    const v = b[key];
    if (typeof v !== 'string' || !re.test(v))
      throw invalid(`/${key}`, `${key} must be ${what}, got ${JSON.stringify(v ?? null)?.slice(0, 80)}`);
    return v;
  };
  const name = text('name', NAME, 'the Canary name (a Kubernetes object name)');
  const namespace = text('namespace', NAMESPACE, 'the Canary namespace (a DNS label)');
  const phase = text('phase', PHASE, 'a Canary phase such as Progressing');
  const checksum =
    b.checksum === undefined || b.checksum === '' ? undefined : text('checksum', /^[\w.-]{1,128}$/, 'a short hash');
  return { name, namespace, phase, ...(checksum ? { checksum } : {}), metadata: parseMetadata(b.metadata) };
}

/** `metadata` is Go's `map[string]string`: string values only, and `omitempty` (absent means empty). */
function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('/metadata', 'metadata must be an object of strings');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_METADATA_KEYS)
    throw invalid('/metadata', `metadata has ${entries.length} keys; at most ${MAX_METADATA_KEYS} are read`);
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (typeof v !== 'string')
      throw invalid(`/metadata/${key}`, `metadata.${key} must be a string (Flagger sends map[string]string)`);
    if (v.length > MAX_METADATA_VALUE)
      throw invalid(`/metadata/${key}`, `metadata.${key} is longer than ${MAX_METADATA_VALUE} characters`);
    out[key] = v;
  }
  return out;
}

/**
 * The environment of a hook: `?env=` in the hook URL (what deploy/flagger wires), else
 * `metadata.env`. Both given and different is a misconfigured Canary, refused rather than picked.
 */
export function hookEnvironment(queryEnv: string | undefined, payload: FlaggerPayload): string {
  const fromMetadata = payload.metadata.env === '' ? undefined : payload.metadata.env;
  if (queryEnv !== undefined && fromMetadata !== undefined && queryEnv !== fromMetadata)
    throw new FlaggerError(
      'FLAGGER_ENV_CONFLICT',
      `the hook URL says env=${JSON.stringify(queryEnv)} but metadata.env says ${JSON.stringify(fromMetadata.slice(0, 64))}; give one, or make them agree`,
      { path: 'metadata.env' },
    );
  const env = queryEnv ?? fromMetadata;
  if (env === undefined)
    throw new FlaggerError('FLAGGER_ENV_MISSING', 'no environment: add ?env=<env> to the hook URL (or metadata.env)', {
      path: 'env',
    });
  return env;
}

/**
 * The digest the canary runs, from `metadata.digest`: `sha256:<hex>` or an image reference pinned
 * by digest (`registry/app@sha256:<hex>`). Undefined when absent; a value that is not a digest is
 * an input error, never read as "absent".
 */
export function hookDigest(payload: FlaggerPayload): Digest | undefined {
  const given = payload.metadata.digest;
  if (given === undefined || given === '') return undefined;
  const digest = given.includes('@') ? given.slice(given.lastIndexOf('@') + 1) : given;
  if (isDigest(digest)) return digest;
  throw invalid(
    '/metadata/digest',
    `metadata.digest must be sha256:<64 lowercase hex> or <image>@sha256:<64 lowercase hex>, got ${JSON.stringify(given.slice(0, 90))}`,
  );
}

import { createHash } from 'node:crypto';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { VerificationError } from '../verification-error.js';

/** A Sigstore trusted_root.json the trust policy pins, parsed once and reused for every verification. */
export interface PinnedRoot {
  /** Name from the trust policy (e.g. `sigstore-public-good`), reported in VerifiedSignature.trustRoot. */
  name: string;
  /** sha256 of the exact file bytes, `sha256:<hex>`. */
  sha256: string;
  root: TrustedRoot;
  /** sigstore-js trust material without public keys (key-based bundles add their own finder). */
  material: TrustMaterial;
  /** base64 log ids of every tlog in this root, to tell "not pinned" from "does not verify". */
  logIds: ReadonlySet<string>;
}

export const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;
const MEDIA_TYPE_RE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v0\.\d+)?\+json(;version=0\.\d+)?$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(name: string, message: string, path?: string, cause?: unknown): never {
  throw new VerificationError('TRUSTED_ROOT_MALFORMED', `trusted root ${name}: ${message}`, { path, cause });
}

/**
 * The sigstore protobuf-specs say every `validFor` of a trusted-root entry has a start; sigstore-js 3.x
 * reads a missing start as "since the beginning of time", which widens trust. We reject such a root
 * instead (sigstore-conformance `trust-root-tlog-missing-validity-start_fail`).
 */
function checkValidity(name: string, range: unknown, path: string): void {
  if (!isObject(range)) fail(name, 'validFor is missing', path);
  for (const bound of ['start', 'end'] as const) {
    const v = range[bound];
    if ((v === undefined || v === null) && bound === 'end') continue; // open-ended
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
      fail(name, `validFor.${bound} is missing or not a timestamp`, `${path}/${bound}`);
  }
}

function checkList(name: string, json: Json, field: string, rangeOf: (e: Json) => unknown, rangePath: string): void {
  const list = json[field];
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(name, `${field} must be an array`, `/${field}`);
  list.forEach((entry, i) => {
    if (!isObject(entry)) fail(name, `${field}[${i}] must be an object`, `/${field}/${i}`);
    checkValidity(name, rangeOf(entry), `/${field}/${i}${rangePath}`);
  });
}

/** Parses and checks a trusted_root.json. Pure: the caller reads the bytes. */
export function parseTrustedRoot(bytes: Uint8Array, name: string): PinnedRoot {
  if (bytes.byteLength > MAX_TRUSTED_ROOT_BYTES) fail(name, `larger than ${MAX_TRUSTED_ROOT_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    fail(name, 'not valid JSON', '', e);
  }
  if (!isObject(json)) fail(name, 'must be a JSON object', '');
  if (typeof json.mediaType !== 'string' || !MEDIA_TYPE_RE.test(json.mediaType))
    fail(name, `unknown mediaType ${JSON.stringify(json.mediaType)}`, '/mediaType');
  const keyRange = (e: Json): unknown => (isObject(e.publicKey) ? e.publicKey.validFor : undefined);
  checkList(name, json, 'tlogs', keyRange, '/publicKey/validFor');
  checkList(name, json, 'ctlogs', keyRange, '/publicKey/validFor');
  checkList(name, json, 'certificateAuthorities', (e) => e.validFor, '/validFor');
  checkList(name, json, 'timestampAuthorities', (e) => e.validFor, '/validFor');
  let root: TrustedRoot;
  let material: TrustMaterial;
  try {
    root = TrustedRoot.fromJSON(json);
    material = toTrustMaterial(root);
  } catch (e) {
    fail(name, `cannot be decoded: ${(e as Error).message}`, '', e);
  }
  const logIds = new Set(root.tlogs.map((t) => Buffer.from(t.logId?.keyId ?? []).toString('base64')));
  for (const t of root.tlogs)
    if (t.checkpointKeyId) logIds.add(Buffer.from(t.checkpointKeyId.keyId).toString('base64'));
  const sha256 = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { name, sha256, root, material, logIds };
}

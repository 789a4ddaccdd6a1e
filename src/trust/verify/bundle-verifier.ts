import type { Bundle } from '@sigstore/bundle';
import { Verifier, type SignedEntity, type Signer, type TrustMaterial } from '@sigstore/verify';
import type { VerifiedSignature } from '../../domain/evidence.js';
import type { ArtifactRef } from './artifact-ref.js';
import { readBundle } from './bundle-reader.js';
import { hashName } from './hash-names.js';
import { checkIdentity } from './identity-check.js';
import { parseStatement } from './evidence-reading.js';
import { keyValidAt, type PinnedKey } from '../material/pinned-key.js';
import { buildSignedEntity } from './signed-entity.js';
import { checkStatement } from './statement-check.js';
import { fromSigstoreError } from './sigstore-error-map.js';
import type { TrustMaterialSet, VerificationRequirements } from '../material/trust-material.js';
import type { PinnedRoot } from '../material/trusted-root.js';
import { VerificationError } from '../verification-error.js';

/** A verified bundle: the domain's VerifiedSignature plus what the auditor needs to see. */
export interface VerifiedBundle extends VerifiedSignature {
  mediaType: string;
  /** Where `signedAt` comes from. */
  timeSource: 'rfc3161' | 'tlog' | 'none';
  /** The pinned root whose transparency log / CA / TSA was used (also for key-based bundles). */
  logRoot?: string;
}

const EMPTY_MATERIAL: TrustMaterial = {
  certificateAuthorities: [],
  timestampAuthorities: [],
  tlogs: [],
  ctlogs: [],
  publicKey: (hint) => {
    throw new VerificationError('KEY_NOT_PINNED', `no pinned key for hint ${JSON.stringify(hint)}`);
  },
};

/**
 * Verifies a Sigstore bundle (v0.1–v0.3; message signature or DSSE; certificate or public key)
 * against pinned roots and keys with @sigstore/verify's offline Verifier. Pure and synchronous.
 * `now` only bounds signing times from the future; validity windows are judged at the verified
 * signing time (log integration time or RFC 3161 time), so rotated-out keys still verify old releases.
 */
export function verifyBundle(
  input: Uint8Array | Bundle,
  artifact: ArtifactRef | undefined,
  trust: TrustMaterialSet,
  req: VerificationRequirements,
  now: Date,
): VerifiedBundle {
  const bundle = input instanceof Uint8Array ? readBundle(input) : input;
  let entity: SignedEntity;
  try {
    entity = buildSignedEntity(bundle, artifact);
  } catch (e) {
    throw fromSigstoreError(e, 'bundle');
  }
  const keyBased = entity.key.$case === 'public-key';
  const roots = candidateRoots(entity, trust.roots, keyBased);
  const keys: ReadonlyArray<PinnedKey | undefined> = keyBased ? candidateKeys(entity, trust.keys) : [undefined];
  let firstError: VerificationError | undefined;
  for (const root of roots) {
    for (const key of keys) {
      try {
        const signer = runVerifier(entity, root, key, req, now);
        return finish(bundle, entity, signer, root, key, artifact, req, now);
      } catch (e) {
        firstError ??= fromSigstoreError(e, root === undefined ? 'bundle' : `bundle (root ${root.name})`);
      }
    }
  }
  throw firstError ?? new VerificationError('ROOT_NOT_PINNED', 'no pinned root to verify against');
}

function logIdsOf(entity: SignedEntity): string[] {
  return entity.tlogEntries.map((e) => Buffer.from(e.logId?.keyId ?? []).toString('base64'));
}

/** Roots that pin a log the bundle names; a bundle from an unpinned log fails with ROOT_NOT_PINNED. */
function candidateRoots(
  entity: SignedEntity,
  roots: readonly PinnedRoot[],
  keyBased: boolean,
): ReadonlyArray<PinnedRoot | undefined> {
  const ids = logIdsOf(entity);
  if (ids.length === 0) {
    if (roots.length > 0) return roots;
    if (keyBased) return [undefined];
    throw new VerificationError('ROOT_NOT_PINNED', 'the trust policy pins no trusted root for keyless signatures');
  }
  const matching = roots.filter((r) => ids.some((id) => r.logIds.has(id)));
  if (matching.length === 0) {
    throw new VerificationError(
      'ROOT_NOT_PINNED',
      `the bundle's transparency log ${ids.join(', ')} is in no pinned trusted root (${roots.map((r) => r.name).join(', ') || 'none pinned'})`,
    );
  }
  return matching;
}

/** Keys the bundle's hint names (fingerprint or name); a bundle without a known hint tries every pinned key. */
function candidateKeys(entity: SignedEntity, keys: readonly PinnedKey[]): readonly PinnedKey[] {
  if (keys.length === 0)
    throw new VerificationError('KEY_NOT_PINNED', 'the bundle is signed by a public key and no key is pinned');
  const hint = entity.key.$case === 'public-key' ? entity.key.hint : '';
  const named = keys.filter(
    (k) => hint !== '' && (k.name === hint || k.fingerprint === hint || k.fingerprint === `sha256:${hint}`),
  );
  return named.length > 0 ? named : keys;
}

function runVerifier(
  entity: SignedEntity,
  root: PinnedRoot | undefined,
  key: PinnedKey | undefined,
  req: VerificationRequirements,
  now: Date,
): Signer {
  const base = root?.material ?? EMPTY_MATERIAL;
  const material: TrustMaterial =
    key === undefined
      ? base
      : { ...base, publicKey: () => ({ publicKey: key.key, validFor: (date: Date) => keyValidAt(key, date) }) };
  requireDistinctLogEntries(entity, req.tlogThreshold ?? 1);
  const verifier = new Verifier(material, {
    tlogThreshold: req.tlogThreshold ?? 1,
    timestampThreshold: req.timestampThreshold ?? 1,
    ctlogThreshold: req.ctlogThreshold ?? 1,
  });
  const signer = verifier.verify(entity);
  // With no verified timestamp sigstore-js checks no window at all; judge the key at `now` then.
  if (key !== undefined && entity.timestamps.length === 0 && !keyValidAt(key, now)) {
    throw new VerificationError('KEY_EXPIRED', `pinned key ${key.name} is not valid at ${now.toISOString()}`);
  }
  return signer;
}

/**
 * @sigstore/verify 3.x counts every tlog entry toward the threshold, copies included, so one
 * entry repeated would meet `tlog_entries: 2` (fixed upstream in 4.1.1, which needs Node 22).
 * The bundle is attacker-controlled: entries count once per (log id, log index).
 */
function requireDistinctLogEntries(entity: SignedEntity, threshold: number): void {
  const distinct = new Set(
    entity.tlogEntries.map((e) => `${Buffer.from(e.logId?.keyId ?? new Uint8Array()).toString('hex')}:${e.logIndex}`),
  );
  if (distinct.size < threshold && entity.tlogEntries.length >= threshold) {
    throw new VerificationError(
      'TLOG_THRESHOLD_NOT_MET',
      `expected ${threshold} distinct transparency-log entries, got ${distinct.size} (${entity.tlogEntries.length} with copies)`,
    );
  }
}

function signingTime(entity: SignedEntity): { at?: Date; source: VerifiedBundle['timeSource'] } {
  for (const t of entity.timestamps)
    if (t.$case === 'timestamp-authority') return { at: t.timestamp.signingTime, source: 'rfc3161' };
  for (const t of entity.timestamps) {
    if (t.$case === 'transparency-log')
      return { at: new Date(Number(t.tlogEntry.integratedTime) * 1000), source: 'tlog' };
  }
  return { source: 'none' };
}

function finish(
  bundle: Bundle,
  entity: SignedEntity,
  signer: Signer,
  root: PinnedRoot | undefined,
  key: PinnedKey | undefined,
  artifact: ArtifactRef | undefined,
  req: VerificationRequirements,
  now: Date,
): VerifiedBundle {
  const { at, source } = signingTime(entity);
  if (at !== undefined && at.getTime() > now.getTime()) {
    throw new VerificationError('TIMESTAMP_INVALID', `signing time ${at.toISOString()} is after ${now.toISOString()}`);
  }
  const out: VerifiedBundle = {
    kind: 'signature',
    subjectDigests: [signedDigests(bundle, artifact)],
    mediaType: bundle.mediaType,
    timeSource: source,
  };
  if (key === undefined) {
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    checkIdentity(identity, issuer, req.identities);
    if (identity !== undefined) out.identity = identity;
    if (issuer !== undefined) out.issuer = issuer;
    if (root !== undefined) out.trustRoot = root.name;
  } else {
    out.keyId = key.fingerprint;
    out.trustRoot = key.name;
  }
  if (root !== undefined) out.logRoot = root.name;
  const first = entity.tlogEntries[0];
  if (first !== undefined) out.logIndex = first.logIndex;
  if (at !== undefined) out.signedAt = at.toISOString();
  if (bundle.content.$case === 'dsseEnvelope') {
    const env = bundle.content.dsseEnvelope;
    const statement = parseStatement(env.payloadType, env.payload);
    checkStatement(statement, artifact, req.predicateTypes);
    out.kind = 'attestation';
    out.predicateType = statement.predicateType;
    out.subjectDigests = statement.subjects.map((s) => s.digest);
    out.provenance = statement;
  }
  return out;
}

/** What a message signature covers: the artifact's digests when known, else the digest the bundle signs. */
function signedDigests(bundle: Bundle, artifact: ArtifactRef | undefined): Record<string, string> {
  if (artifact !== undefined) return { ...artifact.digests };
  if (bundle.content.$case !== 'messageSignature') return {};
  const md = bundle.content.messageSignature.messageDigest;
  const alg = md === undefined ? undefined : hashName(md.algorithm);
  // An unknown algorithm covers nothing (buildSignedEntity already refuses it); never read it as SHA-256.
  return md === undefined || alg === undefined ? {} : { [alg]: Buffer.from(md.digest).toString('hex') };
}

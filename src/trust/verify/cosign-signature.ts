import { createHash, X509Certificate } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { decodeBase64Strict, encodeBase64 } from '../../formats/base64.js';
import { artifactFromBytes, sameArtifact, type ArtifactRef } from './artifact-ref.js';
import { decodeBundle } from './bundle-reader.js';
import type { VerifiedBundle } from './bundle-verifier.js';
import { VerificationError } from '../verification-error.js';

/**
 * A cosign simple-signing signature (cosign `.sig` tag: the payload blob and its layer annotations)
 * in the form mc stores: the payload beside a Sigstore bundle v0.1 that carries the same signature,
 * certificate chain and Rekor entry (cosign's `dev.sigstore.cosign/bundle` annotation is the Rekor
 * entry with its signed entry timestamp, i.e. a v0.1 inclusion promise). The bundle verifies
 * against the trust policy exactly like any other message-signature bundle over the payload; the
 * payload then binds it to the image (`critical.image.docker-manifest-digest`).
 */
export const COSIGN_SIGNATURE_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const BUNDLE_V01 = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
const SIMPLE_SIGNING_TYPE = 'cosign container image signature';

export interface CosignSignatureInput {
  payload: Uint8Array;
  /** base64 (annotation dev.cosignproject.cosign/signature). */
  signature: string;
  /** PEM leaf certificate (dev.sigstore.cosign/certificate) and chain (dev.sigstore.cosign/chain). */
  certificate?: string;
  chain?: string;
  /** Rekor bundle JSON (dev.sigstore.cosign/bundle): {SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}}. */
  rekorBundle?: string;
  /** RFC 3161 timestamp JSON (dev.sigstore.cosign/timestamp): {SignedRFC3161Timestamp: base64 DER}. */
  timestamp?: string;
}

export interface CosignSignatureDocument {
  mediaType: typeof COSIGN_SIGNATURE_MEDIA_TYPE;
  payload: string;
  bundle: Record<string, unknown>;
}

/** Builds the stored document from cosign's layout (attacker-controlled annotations: malformed → BUNDLE_MALFORMED). */
export function cosignSignatureDocument(input: CosignSignatureInput): Uint8Array {
  const bad = (why: string): never => {
    throw new VerificationError('BUNDLE_MALFORMED', `cosign signature: ${why}`, { kind: 'invalid' });
  };
  if (decodeBase64Strict(input.signature) === undefined) bad('the signature annotation is not base64');
  const verificationMaterial = cosignVerificationMaterial(input, bad);
  const doc: CosignSignatureDocument = {
    mediaType: COSIGN_SIGNATURE_MEDIA_TYPE,
    payload: encodeBase64(input.payload),
    bundle: {
      mediaType: BUNDLE_V01,
      verificationMaterial,
      messageSignature: {
        messageDigest: {
          algorithm: 'SHA2_256',
          digest: encodeBase64(createHash('sha256').update(input.payload).digest()),
        },
        signature: input.signature,
      },
    },
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

/**
 * A bundle's verificationMaterial from cosign's layer annotations: the certificate and chain (PEM)
 * as an x509 chain, else a key-based signer (any pinned key is tried), and the Rekor bundle as a
 * v0.1 tlog entry with its signed entry timestamp.
 */
export function cosignVerificationMaterial(
  input: Pick<CosignSignatureInput, 'certificate' | 'chain' | 'rekorBundle' | 'timestamp'>,
  bad: (why: string) => never,
): Record<string, unknown> {
  const certs = [input.certificate, input.chain]
    .filter((p): p is string => p !== undefined && p !== '')
    .flatMap((pem) => pemBlocks(pem, bad));
  const material: Record<string, unknown> =
    certs.length > 0
      ? { x509CertificateChain: { certificates: certs.map((der) => ({ rawBytes: encodeBase64(der) })) } }
      : { publicKey: { hint: '' } };
  material.tlogEntries = input.rekorBundle === undefined ? [] : [tlogEntry(input.rekorBundle, bad)];
  if (input.timestamp !== undefined)
    material.timestampVerificationData = { rfc3161Timestamps: [{ signedTimestamp: rfc3161(input.timestamp, bad) }] };
  return material;
}

function rfc3161(text: string, bad: (why: string) => never): string {
  let ts: { SignedRFC3161Timestamp?: unknown };
  try {
    ts = JSON.parse(text) as typeof ts;
  } catch {
    return bad('the timestamp annotation is not JSON');
  }
  const der = ts?.SignedRFC3161Timestamp;
  if (typeof der !== 'string' || decodeBase64Strict(der) === undefined)
    return bad('the timestamp annotation has no base64 SignedRFC3161Timestamp');
  return der;
}

function pemBlocks(pem: string, bad: (why: string) => never): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) bad('a certificate annotation holds no PEM certificate');
  return blocks.map((b) => {
    try {
      return new X509Certificate(b).raw;
    } catch {
      return bad('a certificate annotation does not parse');
    }
  });
}

function tlogEntry(text: string, bad: (why: string) => never): Record<string, unknown> {
  let rb: {
    SignedEntryTimestamp?: unknown;
    Payload?: { body?: unknown; integratedTime?: unknown; logIndex?: unknown; logID?: unknown };
  };
  try {
    rb = JSON.parse(text) as typeof rb;
  } catch {
    return bad('the Rekor bundle annotation is not JSON');
  }
  const p = rb.Payload;
  if (
    typeof rb.SignedEntryTimestamp !== 'string' ||
    typeof p?.body !== 'string' ||
    typeof p.logID !== 'string' ||
    !/^[0-9a-f]+$/.test(p.logID)
  )
    bad('the Rekor bundle lacks SignedEntryTimestamp, Payload.body or Payload.logID');
  if (!Number.isSafeInteger(p?.integratedTime) || !Number.isSafeInteger(p?.logIndex))
    bad('the Rekor bundle lacks integratedTime or logIndex');
  const bodyBytes = decodeBase64Strict(p!.body);
  let body: { kind?: unknown; apiVersion?: unknown } | undefined;
  try {
    body = bodyBytes === undefined ? undefined : (JSON.parse(Buffer.from(bodyBytes).toString('utf8')) as typeof body);
  } catch {
    body = undefined;
  }
  if (typeof body?.kind !== 'string' || typeof body.apiVersion !== 'string')
    return bad('the Rekor entry body has no kind and apiVersion');
  return {
    logIndex: String(p!.logIndex),
    logId: { keyId: encodeBase64(Buffer.from(p!.logID as string, 'hex')) },
    kindVersion: { kind: body.kind, version: body.apiVersion },
    integratedTime: String(p!.integratedTime),
    inclusionPromise: { signedEntryTimestamp: rb.SignedEntryTimestamp },
    canonicalizedBody: p!.body,
  };
}

/** The stored document, read structurally (attacker-controlled): payload bytes, its bundle, the image it names. */
export function readCosignSignature(json: Record<string, unknown>): {
  payload: Uint8Array;
  bundle: Bundle;
  image: string;
} {
  const payload = decodeBase64Strict(json.payload);
  if (payload === undefined)
    throw new VerificationError('BUNDLE_MALFORMED', 'cosign signature: payload is not base64', { path: '/payload' });
  const bundle = decodeBundle(json.bundle);
  if (bundle.content.$case !== 'messageSignature')
    throw new VerificationError('BUNDLE_MALFORMED', 'cosign signature: the bundle holds no message signature', {
      path: '/bundle',
    });
  let doc: { critical?: { type?: unknown; image?: { 'docker-manifest-digest'?: unknown } } };
  try {
    doc = JSON.parse(Buffer.from(payload).toString('utf8')) as typeof doc;
  } catch {
    throw new VerificationError('STATEMENT_MALFORMED', 'cosign signature: the simple-signing payload is not JSON', {
      path: '/payload',
    });
  }
  const image = doc?.critical?.image?.['docker-manifest-digest'];
  if (doc?.critical?.type !== SIMPLE_SIGNING_TYPE || typeof image !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(image))
    throw new VerificationError(
      'STATEMENT_MALFORMED',
      `cosign signature: the payload is not a "${SIMPLE_SIGNING_TYPE}" naming a sha256 docker-manifest-digest`,
      { path: '/payload' },
    );
  return { payload, bundle, image };
}

/**
 * Verifies a stored cosign signature for `artifact`: the bundle over the payload bytes (key, or
 * certificate identity + issuer with the log entry's signed timestamp, per the trust policy), then
 * the payload's docker-manifest-digest must be the artifact's sha256.
 */
export function verifyCosignSignature(
  json: Record<string, unknown>,
  artifact: ArtifactRef | undefined,
  verify: (bundle: Bundle, signed: ArtifactRef) => VerifiedBundle,
): VerifiedBundle {
  const { payload, bundle, image } = readCosignSignature(json);
  const verified = verify(bundle, artifactFromBytes(payload));
  const subject = { sha256: image.slice('sha256:'.length) };
  if (artifact !== undefined && !sameArtifact(subject, artifact.digests))
    throw new VerificationError(
      'ARTIFACT_MISMATCH',
      `the cosign signature's docker-manifest-digest ${image} is not the artifact`,
    );
  return { ...verified, kind: 'signature', subjectDigests: [subject], mediaType: COSIGN_SIGNATURE_MEDIA_TYPE };
}

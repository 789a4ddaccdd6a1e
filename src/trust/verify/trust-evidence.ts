import type { Provenance } from '../../domain/evidence.js';
import { decodeBundle } from './bundle-reader.js';
import { COSIGN_SIGNATURE_MEDIA_TYPE, readCosignSignature } from './cosign-signature.js';
import { hashName } from './hash-names.js';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, readEnvelope, SLSA_PREDICATE_TYPES } from './evidence-reading.js';
import { readEvidence } from './verify-evidence.js';
import { VerificationError } from '../verification-error.js';

/**
 * What `mc ingest --signature/--attestation` stores beside the bytes: a structural reading of a
 * Sigstore bundle (v0.1–v0.3) or a plain DSSE envelope. NOTHING here is verified — subjects, predicate
 * and signer hints are the document's claims (attacker-controlled) and are shown as such; the trust
 * provider re-verifies the stored bytes (the blob) against the environment's trust policy at every
 * (cached) verify.
 */
export interface TrustEvidenceView {
  container: 'sigstore-bundle' | 'dsse-envelope' | 'cosign-simple-signing';
  /** Bundle media type (sigstore protobuf-specs), for bundles. */
  mediaType?: string;
  content: 'message-signature' | 'dsse';
  payloadType?: string;
  predicateType?: string;
  /** Claimed subject digests (alg → hex): the in-toto subjects, or a message signature's digest. */
  subjectDigests: Array<Record<string, string>>;
  /** Claimed SLSA provenance summary when the payload is an in-toto statement. */
  provenance?: Provenance;
  signer: { keyHint?: string; certificate: boolean; tlogEntries: number; rfc3161Timestamps: number };
}

/** The view stored for signature/attestation evidence; throws VerificationError kinds malformed/unsupported/invalid. */
export function parseTrustEvidence(
  kind: 'signature' | 'attestation',
  bytes: Uint8Array,
): { format: string; view: TrustEvidenceView } {
  const { format: container, json } = readEvidence(bytes);
  const view =
    container === 'sigstore-bundle'
      ? bundleView(json)
      : container === 'cosign-simple-signing'
        ? cosignView(json as Record<string, unknown>)
        : envelopeView(json);
  if (kind === 'attestation' && view.content !== 'dsse') {
    // An input error at ingest (exit 2 / HTTP 422), not a failed verification.
    throw new VerificationError(
      'EVIDENCE_KIND_MISMATCH',
      'an attestation must be a DSSE envelope carrying an in-toto statement; this bundle holds a message signature (ingest it with --signature)',
      { kind: 'invalid', path: '' },
    );
  }
  const version =
    view.mediaType === undefined || container !== 'sigstore-bundle'
      ? ''
      : `-v${/version=([0-9.]+)/.exec(view.mediaType)?.[1] ?? '0.3'}`;
  const predicate = view.predicateType === undefined ? '' : `+${predicateShortName(view.predicateType)}`;
  return { format: `${container}${version}${predicate}`, view };
}

function bundleView(json: unknown): TrustEvidenceView {
  const bundle = decodeBundle(json);
  const vm = bundle.verificationMaterial;
  const signer = {
    ...(vm.content.$case === 'publicKey' ? { keyHint: vm.content.publicKey.hint } : {}),
    certificate: vm.content.$case !== 'publicKey',
    tlogEntries: vm.tlogEntries.length,
    rfc3161Timestamps: vm.timestampVerificationData?.rfc3161Timestamps.length ?? 0,
  };
  if (bundle.content.$case === 'messageSignature') {
    const md = bundle.content.messageSignature.messageDigest;
    const alg = md === undefined ? undefined : hashName(md.algorithm);
    const subjectDigests =
      md === undefined || alg === undefined ? [] : [{ [alg]: Buffer.from(md.digest).toString('hex') }];
    return {
      container: 'sigstore-bundle',
      mediaType: bundle.mediaType,
      content: 'message-signature',
      subjectDigests,
      signer,
    };
  }
  const env = bundle.content.dsseEnvelope;
  return {
    container: 'sigstore-bundle',
    mediaType: bundle.mediaType,
    content: 'dsse',
    ...statementFields(env.payloadType, env.payload, '/dsseEnvelope'),
    signer,
  };
}

/** A cosign simple-signing signature: the signer of its bundle, the image its payload names (claimed). */
function cosignView(json: Record<string, unknown>): TrustEvidenceView {
  const { image } = readCosignSignature(json);
  return {
    ...bundleView(json.bundle),
    container: 'cosign-simple-signing',
    mediaType: COSIGN_SIGNATURE_MEDIA_TYPE,
    subjectDigests: [{ sha256: image.slice('sha256:'.length) }],
  };
}

function envelopeView(json: unknown): TrustEvidenceView {
  const env = readEnvelope(json);
  const hint = env.signatures.find((s) => s.keyid !== undefined)?.keyid;
  return {
    container: 'dsse-envelope',
    content: 'dsse',
    ...statementFields(env.payloadType, env.payload, ''),
    signer: {
      ...(hint === undefined ? {} : { keyHint: hint }),
      certificate: false,
      tlogEntries: 0,
      rfc3161Timestamps: 0,
    },
  };
}

function statementFields(
  payloadType: string,
  payload: Uint8Array,
  at: string,
): Pick<TrustEvidenceView, 'payloadType' | 'predicateType' | 'subjectDigests' | 'provenance'> {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationError(
      'PAYLOAD_TYPE_UNEXPECTED',
      `DSSE payload type ${JSON.stringify(payloadType.slice(0, 100))} is not ${IN_TOTO_PAYLOAD_TYPE}`,
      { kind: 'unsupported', path: `${at}/payloadType` },
    );
  }
  let statement: Provenance;
  try {
    statement = parseStatement(payloadType, payload);
  } catch (e) {
    if (e instanceof VerificationError)
      throw new VerificationError(e.code, e.message, { kind: 'malformed', cause: e, path: `${at}${e.path ?? ''}` });
    throw e;
  }
  return {
    payloadType,
    predicateType: statement.predicateType,
    subjectDigests: statement.subjects.map((s) => s.digest),
    provenance: statement,
  };
}

function predicateShortName(type: string): string {
  // Named as `mc ingest --provenance` names them: `slsa-v1`, `slsa-v1.0-draft`.
  if (SLSA_PREDICATE_TYPES.includes(type))
    return `slsa-${type.slice('https://slsa.dev/provenance/'.length).replace('?draft', '-draft')}`;
  if (type.startsWith('https://cyclonedx.org/bom')) return 'cyclonedx';
  if (type.startsWith('https://spdx.dev/Document')) return 'spdx';
  if (type === 'https://cosign.sigstore.dev/attestation/vuln/v1') return 'cosign-vuln';
  return 'in-toto';
}

/** The stored fields of a parsed signature or attestation (see src/evidence/parse-evidence.ts). */
export function trustEvidenceFields({ format, view }: { format: string; view: TrustEvidenceView }): {
  format: string;
  mediaType: string;
  normalized: TrustEvidenceView;
  summary: string;
} {
  const mediaType = view.mediaType ?? 'application/vnd.dsse.envelope.v1+json';
  const signer = view.signer.certificate ? 'certificate' : `key ${view.signer.keyHint ?? '(no hint)'}`;
  const subjects = view.subjectDigests
    .map((d) =>
      Object.entries(d)
        .map(([alg, hex]) => `${alg}:${hex.slice(0, 12)}…`)
        .join('/'),
    )
    .join(', ');
  const builder = view.provenance?.builderId === undefined ? '' : `, builder ${view.provenance.builderId}`;
  const what = view.predicateType ?? 'message signature';
  return {
    format,
    mediaType,
    normalized: view,
    summary: `unverified until verify: ${what} over ${subjects || '(no subject)'} by ${signer}${builder}`,
  };
}

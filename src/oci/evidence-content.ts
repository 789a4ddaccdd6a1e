import type { EvidenceKind } from '../domain/evidence.js';
import type { ReferrerClass } from './evidence-types.js';

export type ContentReading =
  | { kind: EvidenceKind; bytes: Uint8Array; note?: string }
  | { kind: undefined; reason: string };

const SLSA_PREFIX = 'https://slsa.dev/provenance/';
const SPDX_PREFIX = 'https://spdx.dev/Document';
const CYCLONEDX_PREFIX = 'https://cyclonedx.org/bom';

/**
 * What one blob of a referrer (or buildx attestation manifest) is, given what its artifact type
 * says (attacker-controlled bytes, read just far enough to tell): an SBOM, a scan, a signed DSSE
 * attestation, an unsigned in-toto statement (SLSA provenance → provenance; an SPDX or CycloneDX
 * predicate → that SBOM), or a Sigstore bundle (message signature → signature, DSSE →
 * attestation). Whatever this cannot tell is reported, never guessed; the evidence parsers
 * then validate what it hands them in full.
 */
export function readEvidenceContent(cls: ReferrerClass, bytes: Uint8Array): ContentReading {
  if (cls === 'sbom' || cls === 'scan') return { kind: cls, bytes };
  const json = parse(bytes);
  if (json === undefined) return { kind: undefined, reason: 'not a JSON object' };
  if (cls === 'bundle') {
    if (typeof json.mediaType !== 'string' || !json.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
      return { kind: undefined, reason: 'a Sigstore bundle type whose content has no bundle mediaType' };
    if (json.dsseEnvelope !== undefined) return { kind: 'attestation', bytes };
    if (json.messageSignature !== undefined) return { kind: 'signature', bytes };
    return { kind: undefined, reason: 'a Sigstore bundle with neither messageSignature nor dsseEnvelope' };
  }
  if (typeof json.payloadType === 'string' && Array.isArray(json.signatures)) return { kind: 'attestation', bytes };
  return readStatement(json, bytes);
}

/** An unsigned in-toto statement (as buildx stores its attestations): the predicate decides the kind. */
export function readStatement(json: Record<string, unknown>, bytes: Uint8Array): ContentReading {
  const type = json._type;
  const predicateType = json.predicateType;
  if (
    typeof type !== 'string' ||
    !type.startsWith('https://in-toto.io/Statement/') ||
    typeof predicateType !== 'string'
  )
    return { kind: undefined, reason: 'neither a DSSE envelope nor an in-toto statement' };
  if (predicateType.startsWith(SLSA_PREFIX)) return { kind: 'provenance', bytes, note: 'unsigned in-toto statement' };
  if (predicateType.startsWith(SPDX_PREFIX) || predicateType.startsWith(CYCLONEDX_PREFIX)) {
    if (typeof json.predicate !== 'object' || json.predicate === null)
      return { kind: undefined, reason: `${predicateType} statement without a predicate object` };
    return {
      kind: 'sbom',
      bytes: new TextEncoder().encode(JSON.stringify(json.predicate)),
      note: 'SBOM predicate of an unsigned in-toto statement',
    };
  }
  return { kind: undefined, reason: `in-toto predicate type ${JSON.stringify(predicateType.slice(0, 100))}` };
}

function parse(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

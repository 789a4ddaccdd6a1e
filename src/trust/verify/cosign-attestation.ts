import { BUNDLE_V01, cosignVerificationMaterial } from './cosign-signature.js';
import { VerificationError } from '../verification-error.js';

/** cosign's `.att` layer: a DSSE envelope, with the signer's certificate and Rekor entry in annotations when keyless. */
export interface CosignAttestationInput {
  envelope: Uint8Array;
  certificate?: string;
  chain?: string;
  rekorBundle?: string;
  timestamp?: string;
}

/**
 * The stored form of a cosign attestation. A key-signed one without annotations is its DSSE
 * envelope as is; one carrying a certificate or a Rekor bundle (cosign attest keyless) becomes a
 * Sigstore bundle v0.1 around the same envelope, so the trust gates verify the certificate
 * identity and the log entry's signed timestamp as for any DSSE bundle.
 */
export function cosignAttestationEvidence(input: CosignAttestationInput): Uint8Array {
  if (input.certificate === undefined && input.rekorBundle === undefined && input.timestamp === undefined)
    return input.envelope;
  const bad = (why: string): never => {
    throw new VerificationError('BUNDLE_MALFORMED', `cosign attestation: ${why}`, { kind: 'invalid' });
  };
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(input.envelope).toString('utf8'));
  } catch {
    return bad('the layer is not a JSON DSSE envelope');
  }
  const bundle = {
    mediaType: BUNDLE_V01,
    verificationMaterial: cosignVerificationMaterial(input, bad),
    dsseEnvelope: envelope,
  };
  return new TextEncoder().encode(JSON.stringify(bundle));
}

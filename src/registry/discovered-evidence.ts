import type { Digest } from '../domain/digest.js';
import type { EvidenceKind } from '../domain/evidence.js';
import { RegistryError } from '../oci/registry-error.js';
import type { RegistryClient } from './registry-client.js';

/** One piece of evidence pulled from the registry, verified against its digest, not yet parsed. */
export interface PulledEvidence {
  /** The image (or platform image) it is about. */
  subject: Digest;
  kind: EvidenceKind;
  bytes: Uint8Array;
  /** Where it was found: `referrer sha256:… application/spdx+json`, `cosign sha256-….att`, `buildx attestation …`. */
  source: string;
  /** A cosign `.att` layer's signer annotations (keyless: certificate, chain, Rekor bundle). */
  cosign?: { certificate?: string; chain?: string; rekorBundle?: string; timestamp?: string };
}

/** A cosign simple-signing signature as cosign stores it: payload blob plus layer annotations. */
export interface CosignSignatureLayer {
  subject: Digest;
  payload: Uint8Array;
  /** base64 signature over the payload (annotation dev.cosignproject.cosign/signature). */
  signature: string;
  certificate?: string;
  chain?: string;
  /** The Rekor bundle JSON (annotation dev.sigstore.cosign/bundle). */
  rekorBundle?: string;
  /** RFC 3161 timestamp JSON (dev.sigstore.cosign/timestamp). */
  timestamp?: string;
  source: string;
}

/** A referrer whose type mc does not read: listed, never guessed at. */
export interface UnknownReferrer {
  subject: Digest;
  digest: Digest;
  artifactType?: string;
  source: string;
  reason: string;
}

export interface Discovery {
  subject: Digest;
  mediaType: string;
  /** How referrers were listed (a registry without the referrers API → the tag schema). */
  referrersVia: 'api' | 'tag-schema';
  evidence: PulledEvidence[];
  cosignSignatures: CosignSignatureLayer[];
  unknown: UnknownReferrer[];
  /** For an index: its platform images (evidence on the index covers them). */
  children: Array<{ digest: Digest; platform?: string }>;
}

export interface DiscoveryLimits {
  /** Largest evidence blob pulled (the evidence parsers' own limit by default). */
  maxBlobBytes: number;
  /** Most referrers read per subject: a registry listing thousands is refused, not walked. */
  maxReferrers: number;
  /** All evidence blobs of one image together: many referrers of allowed size still end. */
  maxTotalBytes: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = {
  maxBlobBytes: 128 * 1024 * 1024,
  maxReferrers: 500,
  maxTotalBytes: 512 * 1024 * 1024,
};

/** Pulls evidence blobs within one discovery's byte budget (each blob verified against its digest). */
export class BlobBudget {
  private spent = 0;
  constructor(readonly limits: DiscoveryLimits) {}

  async pull(client: RegistryClient, repository: string, digest: Digest): Promise<Uint8Array> {
    const left = this.limits.maxTotalBytes - this.spent;
    if (left <= 0)
      throw new RegistryError(
        'RESPONSE_TOO_LARGE',
        `${client.what(repository, digest)}: the evidence of this image exceeds ${this.limits.maxTotalBytes} bytes in all`,
      );
    const bytes = await client.getBlob(repository, digest, Math.min(this.limits.maxBlobBytes, left));
    this.spent += bytes.length;
    return bytes;
  }
}

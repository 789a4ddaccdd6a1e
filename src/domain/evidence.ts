import type { Digest } from './digest.js';

/** What a piece of evidence is. The bytes are stored content-addressed; these are the parsed views. */
export type EvidenceKind = 'sbom' | 'provenance' | 'signature' | 'attestation' | 'scan' | 'vex';

export const EVIDENCE_KINDS: readonly EvidenceKind[] = [
  'sbom',
  'provenance',
  'signature',
  'attestation',
  'scan',
  'vex',
];

/** A software component as an SBOM names it. */
export interface Component {
  /** CycloneDX bom-ref or SPDX SPDXID, used for dependency edges. */
  ref?: string;
  name: string;
  version?: string;
  /** Package URL (purl-spec), when the SBOM gives one. */
  purl?: string;
  /** purl type (npm, pypi, maven, golang, …) when known. */
  ecosystem?: string;
  licenses: string[];
  /** algorithm (lowercase, e.g. `sha256`) → hex */
  hashes: Record<string, string>;
}

export interface Sbom {
  format: 'cyclonedx' | 'spdx';
  specVersion: string;
  /** The SBOM's own subject (CycloneDX metadata.component, SPDX documentDescribes), when given. */
  subject?: Component;
  /** The image this one was built on (OCI annotation `org.opencontainers.image.base.digest`): a lineage parent. */
  baseDigest?: Digest;
  components: Component[];
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

/** A normalized in-toto / SLSA provenance statement. */
export interface Provenance {
  statementType: string;
  predicateType: string;
  builderId?: string;
  buildType?: string;
  sourceRepository?: string;
  sourceCommit?: string;
  /** Every subject with every digest algorithm it carries (sha256, sha512, …): alg → hex. */
  subjects: Array<{ name: string; digest: Record<string, string> }>;
  materials: Array<{ uri: string; digest: Record<string, string> }>;
}

/** A vulnerability reported by a scanner or found by matching advisories. */
export interface Finding {
  advisoryId: string;
  aliases: string[];
  package: { name: string; ecosystem?: string; purl?: string };
  version?: string;
  severity?: Severity;
  /** Which scanner or matcher reported it (osv-scanner, trivy, sarif:<tool>, mc). */
  source: string;
  /** Set when a VEX statement suppresses this finding (it stays listed). */
  suppressedBy?: { status: 'not_affected' | 'fixed'; justification?: string; statement: string };
  /** Why a component could not be evaluated (version does not parse, GIT range, …). */
  notEvaluable?: string;
}

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE' | 'UNKNOWN';
export const SEVERITY_ORDER: readonly Severity[] = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** The outcome of verifying a signature or attestation against trust material (see src/trust). */
export interface VerifiedSignature {
  kind: 'signature' | 'attestation';
  /** Which digests (alg → hex) the signature covers. */
  subjectDigests: Array<Record<string, string>>;
  predicateType?: string;
  provenance?: Provenance;
  /** Certificate identity (SAN) and OIDC issuer, for keyless signatures. */
  identity?: string;
  issuer?: string;
  /** Key id or fingerprint for key-based signatures. */
  keyId?: string;
  /** Which pinned root or key it relied on. */
  trustRoot?: string;
  logIndex?: string;
  /** The verified signing time (log integration time or RFC 3161 timestamp), ISO 8601. */
  signedAt?: string;
}

/** Stored evidence record (index row; bytes are in the CAS under `sha256`). */
export interface EvidenceRecord {
  artifact: Digest;
  kind: EvidenceKind;
  /** sha256 of the evidence bytes, `sha256:<hex>`. */
  sha256: Digest;
  mediaType: string;
  /** Format detected by the parser, e.g. `cyclonedx-1.5`, `spdx-2.3`, `in-toto-v1+slsa-v1`. */
  format: string;
  createdAt: string;
}

/** VEX (OpenVEX, CycloneDX VEX) normalized: what an artifact's producer says of a vulnerability. */
export type VexStatus = 'not_affected' | 'fixed' | 'affected' | 'under_investigation';

export interface VexStatement {
  vulnerability: string;
  /** Other names of the vulnerability the document gives (OpenVEX aliases, CycloneDX references). */
  aliases: string[];
  /** Product identifiers: purls, bom-refs (BOM-Link prefix removed). Empty = every product of the document. */
  products: string[];
  status: VexStatus;
  justification?: string;
  /** RFC 3339 date-time as written (checked by the parser); ordered as an instant. */
  timestamp?: string;
  /** Where it came from, e.g. `vex.json#/vulnerabilities/0` — shown on the suppressed finding. */
  statement: string;
}

export interface VexDocument {
  format: 'openvex' | 'cyclonedx';
  statements: VexStatement[];
  /** Refs that name the product as a whole (CycloneDX metadata.component bom-ref): match every finding. */
  productRefs: string[];
}

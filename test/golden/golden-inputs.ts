import type { Digest } from '../../src/domain/digest.js';
import type { Finding } from '../../src/domain/evidence.js';
import type { EvidenceSnapshot } from '../../src/policy/evidence-snapshot.js';
import { loadGates } from '../../src/policy/gates.js';
import { loadWaivers } from '../../src/policy/waivers.js';
import type { Waiver } from '../../src/domain/waiver.js';

/**
 * The fixed inputs every golden file is made from: a clock, digests, a gates.yaml, waivers.yaml,
 * evidence snapshots and a checkpoint key seed. Nothing here reads the wall clock or a random
 * source, so the same code gives the same bytes on every run and machine.
 */
export const NOW = new Date('2026-11-22T10:00:00.000Z');
export const AT = NOW.toISOString();

const digest = (hexChar: string): Digest => `sha256:${hexChar.repeat(64)}` as Digest;
/** The release under evaluation, its base image (revoked), and blobs stored for it. */
export const APP = digest('a');
export const BASE = digest('b');
export const UNKNOWN = digest('f');
export const SBOM_BLOB = digest('1');
export const SCAN_BLOB = digest('2');

/** dev holds an advisory and an off gate (advisory-fail, skipped); prod enforces every gate. */
export const POLICY = loadGates(`version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev:
    sbom: enforce
    signatures: advisory
    provenance: off
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
    slo_burn_rate: { mode: enforce, max: 2.0 }
    promotable: enforce
  prod:
    sbom: enforce
    signatures: enforce
    provenance: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
    slo_burn_rate: { mode: enforce, max: 2.0 }
    approvals: enforce
    promotable: enforce
waivers:
  max_ttl: 30d
`);

/**
 * One waiver active at NOW (waives in dev), one expired before NOW (WAIVER_EXPIRED in prod), and
 * one selecting by purl that no finding matches (its removal is a ledger golden).
 */
export const WAIVERS: Waiver[] = loadWaivers(
  `version: 1
waivers:
  - advisory: CVE-2026-0001
    digest: ${APP}
    owner: team-payments
    reason: not reachable from our code paths; upgrade planned in PAY-123
    created: 2026-11-21T09:00:00Z
    ttl: 7d
  - advisory: GHSA-pppp-qqqq-rrrr
    owner: team-payments
    reason: parser only used at build time
    created: 2026-11-01T09:00:00Z
    ttl: 14d
  - purl: pkg:pypi/requests
    owner: team-data
    reason: fixed upstream, release pending
    created: 2026-11-20T09:00:00Z
    ttl: 30d
`,
  'policy/waivers.yaml',
  '30d',
);

const SBOM = { kind: 'sbom' as const, sha256: SBOM_BLOB, format: 'cyclonedx-1.5', summary: '3 components' };
const SCAN = { kind: 'scan' as const, sha256: SCAN_BLOB, format: 'osv-scanner' };

const finding = (over: Partial<Finding>): Finding => ({
  advisoryId: 'GHSA-aaaa-bbbb-cccc',
  aliases: ['CVE-2026-0001'],
  package: { name: 'lodash', ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.20' },
  version: '4.17.20',
  severity: 'HIGH',
  source: 'osv-scanner',
  ...over,
});

const SUPPRESSED = finding({
  advisoryId: 'GHSA-xxxx-yyyy-zzzz',
  aliases: [],
  severity: 'CRITICAL',
  package: { name: 'minimist', ecosystem: 'npm', purl: 'pkg:npm/minimist@1.2.5' },
  version: '1.2.5',
  suppressedBy: { status: 'not_affected', justification: 'vulnerable_code_not_present', statement: 'vex-2026-07' },
});

/** dev: every gate passes or is waived, except the advisory signatures gate; provenance is off. */
export const ALLOW_SNAPSHOT: EvidenceSnapshot = {
  digest: APP,
  name: 'registry.example/payments/api',
  evidence: [SBOM, SCAN],
  findings: [finding({}), SUPPRESSED],
  vulnerabilitySources: ['osv-scanner', 'mc'],
  trust: {
    signatures: {
      ok: false,
      reasons: [{ code: 'SIGNATURE_MISSING', message: `no verified signature over ${APP} pinned by the trust policy` }],
    },
    provenance: {
      ok: false,
      reasons: [{ code: 'PROVENANCE_MISSING', message: `no verified SLSA provenance names ${APP}` }],
    },
  },
  revocations: [],
  sloBurnRate: { value: 0.5, query: 'slo:burn_rate:1h{env="dev"}' },
};

/** prod: signatures pass; every other enforce gate fails, each for its own reason. */
export const DENY_SNAPSHOT: EvidenceSnapshot = {
  ...ALLOW_SNAPSHOT,
  findings: [
    finding({
      advisoryId: 'GHSA-pppp-qqqq-rrrr',
      aliases: [],
      package: { name: 'yaml', ecosystem: 'npm', purl: 'pkg:npm/yaml@2.0.0' },
      version: '2.0.0',
      severity: undefined,
      source: 'mc',
    }),
    finding({
      advisoryId: 'GHSA-gggg-hhhh-iiii',
      aliases: ['CVE-2026-0002'],
      package: { name: 'left-pad', ecosystem: 'npm' },
      version: '1.0.0-rc.x',
      severity: 'CRITICAL',
      notEvaluable: 'version 1.0.0-rc.x does not parse as SemVer',
    }),
    SUPPRESSED,
  ],
  unidentifiedComponents: [{ component: { name: 'blob', purl: 'pkg:/blob@1' }, detail: 'purl type is empty' }],
  uncoveredEcosystems: [{ ecosystem: 'pypi', components: 4, examples: ['requests', 'urllib3', 'idna'] }],
  trust: {
    signatures: {
      ok: true,
      reasons: [
        {
          code: 'SIGNATURE_VERIFIED',
          message: `signature over ${APP} by key release-2026, log index 123456, signed 2026-11-20T08:00:00Z`,
          details: { keyId: 'release-2026', logIndex: '123456' },
        },
      ],
      validUntil: new Date('2027-01-01T00:00:00Z'),
    },
    provenance: {
      ok: false,
      reasons: [
        {
          code: 'PROVENANCE_BUILDER_NOT_ALLOWED',
          message: 'builder https://ci.example/builder@v1 is not allowed in environment prod',
          details: { builderId: 'https://ci.example/builder@v1' },
        },
      ],
    },
  },
  revocations: [
    {
      digest: APP,
      cause: 'lineage',
      chain: [BASE, APP],
      reason: 'CVE-2026-0003 in openssl of the base image',
      source: 'watch:cve',
      advisory: 'CVE-2026-0003',
      createdAt: '2026-11-21T12:00:00.000Z',
      inheritedFrom: BASE,
      rootCause: 'cve',
    },
  ],
  sloBurnRate: { value: 2.75, query: 'slo:burn_rate:1h{env="prod"}' },
  // The last approval ran out half an hour ago: APPROVAL_MISSING and APPROVAL_EXPIRED.
  approvals: {
    approvals: [{ subject: 'token:carol000', issuer: 'urn:mc:approvals', expiresAt: '2026-11-22T09:30:00Z' }],
    exceptions: [],
  },
};

/** A digest no evidence was ever ingested for: the ARTIFACT_UNKNOWN deny. */
export const UNKNOWN_SNAPSHOT: EvidenceSnapshot = {
  digest: UNKNOWN,
  known: false,
  evidence: [],
  findings: [],
  vulnerabilitySources: [],
  revocations: [],
  approvals: { approvals: [], exceptions: [] },
};

/** The ledger's checkpoint key: a fixed Ed25519 seed (RFC 8032 signatures are deterministic). */
export const CHECKPOINT_KEY = { name: 'mc.example/golden-ledger', seed: Uint8Array.from({ length: 32 }, (_, i) => i) };

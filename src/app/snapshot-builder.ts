import type { Digest } from '../domain/digest.js';
import type { Finding, VexDocument } from '../domain/evidence.js';
import type {
  ActiveBypass,
  ApprovalsInput,
  EvidenceSnapshot,
  TrustCheck,
  UnidentifiedComponent,
} from '../policy/evidence-snapshot.js';
import type { ReleaseRepository } from '../domain/ports.js';
import type { ArtifactView, StoredEvidence } from '../domain/release.js';
import type { UncoveredEcosystem } from '../vuln/advisory-coverage.js';
import { applyVex } from '../vuln/vex.js';

/** Extension points filled by the trust, vulnerability and SLO integrations. */
export interface SnapshotProviders {
  /** A token that changes whenever an input outside the store and gates.yaml changes (trust policy files). */
  generation?: () => string;
  /** Verifies the artifact's signatures and provenance for one environment. */
  trust?: (
    digest: Digest,
    env: string,
    evidence: StoredEvidence[],
  ) => Promise<{ signatures: TrustCheck; provenance: TrustCheck }>;
  /** Matches the SBOM components against synced advisories (VEX is applied by buildSnapshot, to every source). */
  advisories?: (digest: Digest, evidence: StoredEvidence[]) => Promise<AdvisoryMatch | undefined>;
  sloBurnRate?: (digest: Digest, env: string) => Promise<EvidenceSnapshot['sloBurnRate']>;
  /** Redeemed approvals of (digest, env) and exceptions for the artifact's name (`service`) there. */
  approvals?: (digest: Digest, env: string, service: string | undefined) => Promise<ApprovalsInput>;
  /** The open SEV-1 bypass of (digest, env). */
  bypass?: (digest: Digest, env: string) => Promise<ActiveBypass | undefined>;
}

/** What advisory matching found, and the components it could not identify (their purl does not parse). */
export interface AdvisoryMatch {
  findings: Finding[];
  source: string;
  unidentified: UnidentifiedComponent[];
  /** Components of ecosystems no sync covered: their state is unknown. */
  uncovered?: UncoveredEcosystem[];
  /** The newest successful advisory sync (ISO 8601): how fresh the advisories matched are. */
  syncedAt?: string;
}

/** What the store holds about a digest: the artifact (undefined: never seen) and its evidence. */
export interface StoredArtifact {
  artifact: ArtifactView | undefined;
  evidence: StoredEvidence[];
}

/**
 * Gathers everything evaluation reads for (digest, env) from the store and the providers. A caller
 * that has already read the artifact and its evidence passes them as `stored` (no second read).
 */
export async function buildSnapshot(
  store: ReleaseRepository,
  providers: SnapshotProviders,
  digest: Digest,
  env: string,
  stored?: StoredArtifact,
): Promise<EvidenceSnapshot> {
  const { artifact, evidence } = stored ?? (await readStoredArtifact(store, digest));
  const findings: Finding[] = [];
  const sources: string[] = [];
  const vex: VexDocument[] = [];
  for (const e of evidence) {
    if (e.kind === 'vex') vex.push(e.normalized);
    if (e.kind !== 'scan') continue;
    findings.push(...e.normalized.findings);
    sources.push(`${e.format} ${e.sha256.slice(0, 19)}…`);
  }
  const matched = await providers.advisories?.(digest, evidence);
  if (matched) {
    findings.push(...matched.findings);
    sources.push(matched.source);
  }
  const snapshot: EvidenceSnapshot = {
    digest,
    ...(artifact === undefined ? { known: false } : {}),
    ...(artifact?.name ? { name: artifact.name } : {}),
    evidence: evidence.map((e) => ({
      kind: e.kind,
      sha256: e.sha256,
      format: e.format,
      ...(e.summary ? { summary: e.summary } : {}),
    })),
    // The artifact's VEX statements cover its findings whichever source reported them, a scan
    // report or advisory matching: applied once, here, never by a provider.
    findings: applyVex(findings, vex).findings,
    vulnerabilitySources: sources,
    ...(matched?.syncedAt ? { advisoriesSyncedAt: matched.syncedAt } : {}),
    ...(matched && matched.unidentified.length > 0 ? { unidentifiedComponents: matched.unidentified } : {}),
    ...(matched?.uncovered?.length ? { uncoveredEcosystems: matched.uncovered } : {}),
    // The artifact read already holds its active revocations of every environment: this one's and the all-environment ones apply.
    revocations: (artifact?.revocations ?? []).filter((r) => r.env === undefined || r.env === env),
  };
  if (providers.trust) snapshot.trust = await providers.trust(digest, env, evidence);
  if (providers.approvals) snapshot.approvals = await providers.approvals(digest, env, artifact?.name ?? undefined);
  if (providers.bypass) {
    const bypass = await providers.bypass(digest, env);
    if (bypass) snapshot.bypass = bypass;
  }
  if (providers.sloBurnRate) {
    const slo = await providers.sloBurnRate(digest, env);
    if (slo) snapshot.sloBurnRate = slo;
  }
  return snapshot;
}

async function readStoredArtifact(store: ReleaseRepository, digest: Digest): Promise<StoredArtifact> {
  const [artifact, evidence] = await Promise.all([store.getArtifact(digest), store.listEvidence(digest)]);
  return { artifact, evidence };
}

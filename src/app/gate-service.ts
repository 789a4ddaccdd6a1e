import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Decision } from '../domain/decision.js';
import { parseDigest, type Digest } from '../domain/digest.js';
import type { EvidenceKind, Finding } from '../domain/evidence.js';
import type { UncoveredEcosystem } from '../vuln/advisory-coverage.js';
import { type EvidenceRecordFields, parseEvidenceRecord } from '../evidence/parse-evidence.js';
import { parentsFromEvidence } from '../graph/evidence-parents.js';
import { evaluate } from '../policy/evaluate.js';
import { profileFor } from '../policy/gates.js';
import type { EvidenceSnapshot, UnidentifiedComponent } from '../policy/evidence-snapshot.js';
import type { ReleaseRepository, WaiverRepository } from '../domain/ports.js';
import type { Waiver } from '../domain/waiver.js';
import { DecisionCache } from './decision-cache.js';
import type { PolicySource } from './policy-source.js';
import { buildSnapshot, type SnapshotProviders, type StoredArtifact } from './snapshot-builder.js';
import type { Clock } from '../domain/clock.js';

export interface VulnerabilityView {
  state: 'known' | 'partial' | 'unknown';
  sources: string[];
  findings: Finding[];
  uncoveredEcosystems: UncoveredEcosystem[];
  unidentifiedComponents: UnidentifiedComponent[];
}

export interface GateServiceDeps {
  store: ReleaseRepository;
  policies: PolicySource;
  clock: Clock;
  /** Trust, advisories, SLO: every snapshot provider, advisories included. */
  providers: SnapshotProviders;
  /** The stored (API) waivers the gate reads beside the file waivers. */
  waivers: Pick<WaiverRepository, 'list'>;
  /** How often the store generation is re-read for other replicas' writes (ms). */
  generationRecheckMs?: number;
  /** The hash of access.yaml in force (decisions carry it as accessPolicyHash); undefined without one. */
  accessPolicyHash?: () => string | undefined;
}

/** Whether the gate can decide: the store answers at the expected schema, and a policy is in force. */
export interface Readiness {
  ok: boolean;
  store: Awaited<ReturnType<GateService['store']['readiness']>>;
  policy: { ok: boolean; policyHash?: string; error?: string };
}

export type RecordMode = 'always' | 'on-change' | 'never';

export interface VerifyResult {
  decision: Decision;
  recorded: boolean;
  cached: boolean;
}

export interface IngestItem {
  kind: EvidenceKind;
  bytes: Uint8Array;
  /** Where it came from, for messages (a file name). */
  label?: string;
  /** Its parse, when the caller has parsed it already (registry pulls parse everything before storing any). */
  parsed?: EvidenceRecordFields;
}

/**
 * The use cases of the release gate: ingest evidence, decide, record. Composes the store,
 * the policy files and the pure evaluation; owns the decision cache.
 */
export class GateService {
  private readonly cache = new DecisionCache();
  private storeGeneration = -1;
  private generationCheckedAt = -Infinity;
  /** A decision with a time-varying input (SLO) is re-evaluated after this long. */
  private readonly volatileTtlMs = 15_000;

  readonly store: ReleaseRepository;
  readonly policies: PolicySource;
  readonly clock: Clock;
  private readonly providers: SnapshotProviders;
  private readonly waivers: Pick<WaiverRepository, 'list'>;
  private readonly generationRecheckMs: number;

  /** Built by the composition root (app/installation.ts), which hands it every collaborator. */
  constructor(deps: GateServiceDeps) {
    this.store = deps.store;
    this.policies = deps.policies;
    this.clock = deps.clock;
    this.providers = deps.providers;
    this.waivers = deps.waivers;
    this.generationRecheckMs = deps.generationRecheckMs ?? 1000;
    this.accessPolicyHash = deps.accessPolicyHash ?? (() => undefined);
  }

  private readonly accessPolicyHash: () => string | undefined;

  /** Parses every item first, then stores them: nothing is half-stored when one is bad. */
  async ingest(
    digestText: string,
    items: IngestItem[],
    meta: { name?: string; parents?: string[]; actor?: string } = {},
  ) {
    const digest = parseDigest(digestText);
    const given = (meta.parents ?? []).map((p, i) => parseDigest(p, `parents[${i}]`));
    const parsed = items.map((item) => ({ item, parsed: item.parsed ?? parseEvidenceRecord(item.kind, item.bytes) }));
    // Lineage also comes from the evidence: provenance build inputs and the SBOM's base-image annotation.
    const named = parentsFromEvidence(
      digest,
      parsed.map(({ item, parsed: p }) => ({ kind: item.kind, normalized: p.normalized })),
    );
    const parents = [...new Set([...given, ...named])];
    const results = await this.store.addEvidenceBatch(
      parsed.map(({ item, parsed: p }) => ({
        artifact: digest,
        kind: item.kind,
        bytes: item.bytes,
        mediaType: p.mediaType,
        format: p.format,
        normalized: p.normalized,
        summary: p.summary,
        ...(meta.name ? { name: meta.name } : {}),
        ...(parents.length ? { parents } : {}),
        ...(meta.actor ? { actor: meta.actor } : {}),
      })),
    );
    const stored = parsed.map(({ item, parsed: p }, i) => ({
      kind: item.kind,
      sha256: results[i]!.sha256,
      created: results[i]!.created,
      format: p.format,
      summary: p.summary,
      ...(item.label ? { label: item.label } : {}),
    }));
    this.storeGeneration = -1; // our own write: re-read the generation on the next verify
    return { digest, evidence: stored, ...(parents.length ? { parents } : {}) };
  }

  /**
   * Decides for (digest, env). `on-change` records only when the outcome or inputs changed.
   * `actor`: the label of the principal that asked (the ledger entry's actor; `mc` when absent).
   */
  async verify(
    digestText: string,
    env: string,
    record: RecordMode = 'on-change',
    actor?: string,
  ): Promise<VerifyResult> {
    const digest = parseDigest(digestText);
    const state = this.policies.current();
    profileFor(state.policy.gates, env); // unknown environment → input error before any work
    const accessPolicyHash = this.accessPolicyHash();
    const policyToken = `${state.generation}|${this.providers.generation?.() ?? ''}|${accessPolicyHash ?? ''}`;
    const now = this.clock();
    const generation = await this.currentGeneration();
    if (record !== 'always') {
      const hit = this.cache.get(digest, env, policyToken, generation, now.getTime());
      if (hit) return { decision: hit, recorded: false, cached: true };
    }
    const snapshot = await buildSnapshot(this.store, this.providers, digest, env);
    // Waivers made through the API and CLI join the file waivers; a waiver write bumps the store generation.
    const waivers = [...state.waivers, ...(await this.storedWaivers(generation))];
    const { decision, validUntil } = evaluate({
      snapshot,
      policy: state.policy,
      env,
      waivers,
      now,
      ...(accessPolicyHash ? { accessPolicyHash } : {}),
    });
    const volatile = snapshot.sloBurnRate !== undefined ? now.getTime() + this.volatileTtlMs : Infinity;
    this.cache.set(decision, policyToken, generation, Math.min(validUntil?.getTime() ?? Infinity, volatile));
    let recorded = false;
    // A digest the store has never seen is answered but not recorded: anyone may ask about any
    // digest, and the ledger must not grow with their questions.
    if (record !== 'never' && snapshot.known !== false) {
      const key = inputsKey(decision, snapshot);
      const last = record === 'always' ? undefined : await this.store.lastDecision(digest, env);
      if (!last || last.inputsKey !== key) {
        await this.store.recordDecision(decision, key, actor);
        recorded = true;
      }
    }
    return { decision, recorded, cached: false };
  }

  /**
   * What the vulnerabilities gate sees for a digest, for people (`mc show`): the sources, the
   * findings (VEX applied) and whether the state is known. `unknown`: no scan report and no
   * advisories to match; `partial`: some components' ecosystems were covered by no sync.
   */
  async vulnerabilityView(digestText: string, stored?: StoredArtifact): Promise<VulnerabilityView> {
    const digest = parseDigest(digestText);
    const { advisories } = this.providers;
    const snapshot = await buildSnapshot(this.store, advisories ? { advisories } : {}, digest, '', stored);
    const uncovered = snapshot.uncoveredEcosystems ?? [];
    const state = snapshot.vulnerabilitySources.length === 0 ? 'unknown' : uncovered.length > 0 ? 'partial' : 'known';
    return {
      state,
      sources: snapshot.vulnerabilitySources,
      findings: snapshot.findings,
      uncoveredEcosystems: uncovered,
      unidentifiedComponents: snapshot.unidentifiedComponents ?? [],
    };
  }

  /** What is stored about an artifact (evidence, names, parents, children); undefined if never seen. */
  getArtifact(digest: Digest) {
    return this.store.getArtifact(digest);
  }

  /** Recorded decisions, newest first, at most `limit` (capped at 1000). */
  listDecisions(filter: { digest?: Digest; env?: string; limit?: number }) {
    return this.store.listDecisions(filter);
  }

  /** The store's and the policy's state, for a readiness probe. */
  async readiness(): Promise<Readiness> {
    const store = await this.store.readiness();
    let policy: Readiness['policy'];
    try {
      const { policyHash } = this.policies.current().policy;
      // An invalid edit keeps the last good policy in force; say so rather than hide it.
      const stale = this.policies.staleError;
      policy = stale
        ? { ok: true, policyHash, error: `last edit rejected, previous policy in force: ${stale.message}` }
        : { ok: true, policyHash };
    } catch (e) {
      policy = { ok: false, error: (e as Error).message };
    }
    return { ok: store.ok && policy.ok, store, policy };
  }

  /** Store generation, re-read at most every `generationRecheckMs` (writes from other replicas). */
  private async currentGeneration(): Promise<number> {
    const t = performance.now();
    if (this.storeGeneration < 0 || t - this.generationCheckedAt >= this.generationRecheckMs) {
      this.storeGeneration = await this.store.generation();
      this.generationCheckedAt = t;
    }
    return this.storeGeneration;
  }

  private stored: { generation: number; waivers: Waiver[] } | undefined;

  /** Stored (API) waivers, re-read once per store generation. */
  private async storedWaivers(generation: number): Promise<Waiver[]> {
    if (this.stored?.generation !== generation) this.stored = { generation, waivers: await this.waivers.list() };
    return this.stored.waivers;
  }

  invalidate(): void {
    this.cache.clear();
    this.storeGeneration = -1;
  }
}

/** What the decision was made from and what it concluded; a change of either is recorded. */
export function inputsKey(decision: Decision, snapshot: EvidenceSnapshot): string {
  const material = {
    policyHash: decision.policyHash,
    // Only when access rules exist, so keys recorded before them stay equal.
    ...(decision.accessPolicyHash ? { accessPolicyHash: decision.accessPolicyHash } : {}),
    evidence: snapshot.evidence.map((e) => e.sha256).sort(),
    revocations: snapshot.revocations
      .map((r) => `${r.chain[0] ?? r.digest}:${r.cause}:${r.env ?? '*'}@${r.createdAt}`)
      .sort(),
    gates: decision.gates.map((g) => [g.gate, g.result, g.reasons.map((r) => r.code)]),
    allow: decision.allow,
  };
  return (
    'sha256:' +
    createHash('sha256')
      .update(canonicalize(material) ?? '')
      .digest('hex')
  );
}

export type { Digest };

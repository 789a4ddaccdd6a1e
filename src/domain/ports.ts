import type { Decision } from './decision.js';
import type { Digest } from './digest.js';
import type { ArtifactView, NewEvidence, RecordedDecision, StoredEvidence } from './release.js';
import type { Waiver } from './waiver.js';

/**
 * The repositories the use cases (src/app) need, in domain words. The store implements them
 * once over the query layer for both engines; the composition root (app/installation.ts) is
 * the only place that names the implementations. The advisory and ledger repositories live
 * beside their concepts (vuln/advisory-repository.ts, ledger/ledger-repository.ts).
 */
export interface ReleaseRepository {
  /** For /readyz: the store answers and every migration is applied. */
  readiness(): Promise<{ ok: boolean; engine: string; schemaVersion: number; expected: number; error?: string }>;
  /** Bumped by every write, so caches can tell cheaply whether anything changed. */
  generation(): Promise<number>;
  /** Stores every item (bytes, link, ledger entry) in one transaction, or none. */
  addEvidenceBatch(items: NewEvidence[]): Promise<Array<{ sha256: Digest; created: boolean }>>;
  getBlob(sha256: string): Promise<{ bytes: Uint8Array; mediaType: string } | undefined>;
  listEvidence(artifact: Digest): Promise<StoredEvidence[]>;
  getArtifact(digest: Digest): Promise<ArtifactView | undefined>;
  /** Records the decision and its ledger entry; `actor`: the principal's label (`mc` when absent). */
  recordDecision(decision: Decision, inputsKey: string, actor?: string): Promise<number>;
  lastDecision(digest: Digest, env: string): Promise<RecordedDecision | undefined>;
  listDecisions(filter: { digest?: Digest; env?: string; limit?: number }): Promise<Array<Decision & { id: number }>>;
}

/** Waivers made through the API and the CLI (file waivers come from policy/waivers.yaml). */
export interface WaiverRepository {
  /** `createdBy`: who asked (a token label, `cli:<user>`), recorded with the waiver and its ledger entry. */
  add(waiver: Waiver, createdBy: string): Promise<void>;
  /** False when no stored waiver has that id. */
  remove(id: string, at: Date, actor: string): Promise<boolean>;
  list(): Promise<Waiver[]>;
}

import { createHash } from 'node:crypto';
import type { Digest } from '../domain/digest.js';
import type { Decision } from '../domain/decision.js';
import type { EvidenceKind } from '../domain/evidence.js';
import type { ArtifactView, NewEvidence, RecordedDecision, StoredEvidence } from '../domain/release.js';
import type { ReleaseRepository } from '../domain/ports.js';
import type { Engine } from './dialect/engine.js';
import { LedgerStore } from './ledger-store.js';
import { ledgerEntryForDecision, ledgerEntryForIngest } from './ledger-entries.js';
import { linkParents } from './lineage-links.js';
import { revocationEffects, type RecordedChange } from './revocation-effects.js';
import { activeRows, toRevocation } from './revocation-rows.js';
import { writeStateEffects } from './state-effects-writer.js';
import { currentVersion, LATEST_VERSION, migrate } from './migrator.js';
import { bumpGeneration } from './generation.js';
import { indexSbomEvidence } from './component-index.js';
import { StoreError } from './store-error.js';
import { InputError } from '../domain/errors.js';

/**
 * The store in domain words, implemented once over the query layer for both engines.
 * Every write bumps the store generation in the same transaction, so caches can tell
 * cheaply whether anything changed.
 */
export class ReleaseStore implements ReleaseRepository {
  constructor(
    readonly engine: Engine,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  static async open(engine: Engine, clock?: () => Date): Promise<ReleaseStore> {
    try {
      await migrate(engine);
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `cannot open the store at ${engine.location}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    return new ReleaseStore(engine, clock);
  }

  private get db() {
    return this.engine.db;
  }

  async close(): Promise<void> {
    await this.engine.close();
  }

  /** For /readyz: the store answers and every migration is applied. */
  async readiness(): Promise<{ ok: boolean; engine: string; schemaVersion: number; expected: number; error?: string }> {
    try {
      const v = await currentVersion(this.engine);
      return { ok: v === LATEST_VERSION, engine: this.engine.name, schemaVersion: v, expected: LATEST_VERSION };
    } catch (e) {
      return {
        ok: false,
        engine: this.engine.name,
        schemaVersion: 0,
        expected: LATEST_VERSION,
        error: `the store did not answer (${(e as { code?: string }).code ?? 'query failed'})`,
      };
    }
  }

  async generation(): Promise<number> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', 'generation').executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  /** Stores the bytes once (content-addressed) and links them to the artifact, atomically. */
  async addEvidence(e: NewEvidence): Promise<{ sha256: Digest; created: boolean }> {
    return (await this.addEvidenceBatch([e]))[0]!;
  }

  /** Several pieces of evidence in one transaction: all are stored, or none. */
  async addEvidenceBatch(items: NewEvidence[]): Promise<Array<{ sha256: Digest; created: boolean }>> {
    // Every ingest (CLI --parent, HTTP ?parent=) comes through here: an artifact that is its own
    // parent would make the lineage graph a loop (revocation would propagate to itself).
    const self = items.find((e) => e.parents?.includes(e.artifact));
    if (self)
      throw new InputError(
        'PARENT_IS_SELF',
        `${self.artifact} is given as its own parent; a parent is another artifact (base image, build input)`,
        { kind: 'invalid', path: 'parent' },
      );
    const now = this.clock().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const results: Array<{ sha256: Digest; created: boolean }> = [];
      const inherited: RecordedChange[] = [];
      for (const e of items) {
        const sha256 = `sha256:${createHash('sha256').update(e.bytes).digest('hex')}` as Digest;
        await trx
          .insertInto('artifacts')
          .values({ digest: e.artifact, name: e.name ?? null, created_at: now })
          .onConflict((oc) =>
            e.name ? oc.column('digest').doUpdateSet({ name: e.name }) : oc.column('digest').doNothing(),
          )
          .execute();
        inherited.push(...(await linkParents(trx, e.artifact, e.parents ?? [], now)));
        await trx
          .insertInto('blobs')
          .values({ sha256, size: e.bytes.byteLength, media_type: e.mediaType, bytes: e.bytes, created_at: now })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const inserted = await trx
          .insertInto('evidence')
          .values({
            artifact: e.artifact,
            kind: e.kind,
            blob_sha256: sha256,
            format: e.format,
            normalized: JSON.stringify(e.normalized),
            summary: e.summary ?? null,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['artifact', 'kind', 'blob_sha256']).doNothing())
          .returning('id')
          .executeTakeFirst();
        results.push({ sha256, created: inserted !== undefined });
      }
      // The CVE watch's inverted index is filled with the SBOM it indexes, in this transaction.
      await indexSbomEvidence(trx, items, results);
      // The ledger entries commit with the evidence they record, one per new link: no state without its proof.
      const created = items.flatMap((e, i) =>
        results[i]!.created
          ? [ledgerEntryForIngest(e.artifact, e.kind, results[i]!.sha256, e.format, now, e.actor)]
          : [],
      );
      if (created.length > 0) await LedgerStore.appendInTransaction(trx, created);
      if (inherited.length > 0) await writeStateEffects(trx, revocationEffects(inherited, now), now);
      await bumpGeneration(trx);
      return results;
    });
  }

  async getBlob(sha256: string): Promise<{ bytes: Uint8Array; mediaType: string } | undefined> {
    const row = await this.db
      .selectFrom('blobs')
      .select(['bytes', 'media_type'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row ? { bytes: new Uint8Array(row.bytes), mediaType: row.media_type } : undefined;
  }

  async listEvidence(artifact: Digest): Promise<StoredEvidence[]> {
    const rows = await this.db
      .selectFrom('evidence')
      .selectAll()
      .where('artifact', '=', artifact)
      .orderBy('id')
      .execute();
    return rows.map(
      (r) =>
        ({
          kind: r.kind as EvidenceKind,
          sha256: r.blob_sha256 as Digest,
          format: r.format,
          summary: r.summary,
          normalized: JSON.parse(r.normalized),
          createdAt: r.created_at,
        }) as StoredEvidence,
    );
  }

  /** The name stored for an artifact (one indexed read: access rules ask it on every request). */
  async artifactName(digest: Digest): Promise<string | undefined> {
    const a = await this.db.selectFrom('artifacts').select('name').where('digest', '=', digest).executeTakeFirst();
    return a?.name ?? undefined;
  }

  async getArtifact(digest: Digest): Promise<ArtifactView | undefined> {
    const a = await this.db.selectFrom('artifacts').selectAll().where('digest', '=', digest).executeTakeFirst();
    if (!a) return undefined;
    const parents = await this.db.selectFrom('artifact_parents').select('parent').where('child', '=', digest).execute();
    const children = await this.db
      .selectFrom('artifact_parents')
      .select('child')
      .where('parent', '=', digest)
      .execute();
    // The summary columns only: the normalized view (a whole SBOM) is not read or parsed here.
    const rows = await this.db
      .selectFrom('evidence')
      .select(['kind', 'blob_sha256', 'format', 'summary', 'created_at'])
      .where('artifact', '=', digest)
      .orderBy('id')
      .execute();
    const evidence = rows.map((r) => ({
      kind: r.kind as EvidenceKind,
      sha256: r.blob_sha256 as Digest,
      format: r.format,
      summary: r.summary,
      createdAt: r.created_at,
    }));
    return {
      digest,
      name: a.name,
      createdAt: a.created_at,
      parents: parents.map((p) => p.parent as Digest),
      children: children.map((c) => c.child as Digest),
      evidence,
      revocations: (await activeRows(this.db, { digests: [digest] })).map(toRevocation),
    };
  }

  async recordDecision(decision: Decision, inputsKey: string, actor?: string): Promise<number> {
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('decisions')
        .values({
          digest: decision.digest,
          env: decision.env,
          allow: decision.allow ? 1 : 0,
          policy_hash: decision.policyHash,
          inputs_key: inputsKey,
          evaluated_at: decision.evaluatedAt,
          body: JSON.stringify(decision),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await LedgerStore.appendInTransaction(trx, [ledgerEntryForDecision(decision, this.clock().toISOString(), actor)]);
      return inserted;
    });
    return Number(row.id);
  }

  async lastDecision(digest: Digest, env: string): Promise<RecordedDecision | undefined> {
    const r = await this.db
      .selectFrom('decisions')
      .select(['id', 'inputs_key', 'body'])
      .where('digest', '=', digest)
      .where('env', '=', env)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? { id: Number(r.id), inputsKey: r.inputs_key, decision: JSON.parse(r.body) as Decision } : undefined;
  }

  async listDecisions(filter: {
    digest?: Digest;
    env?: string;
    limit?: number;
  }): Promise<Array<Decision & { id: number }>> {
    let q = this.db
      .selectFrom('decisions')
      .select(['id', 'body'])
      .orderBy('id', 'desc')
      .limit(Math.min(filter.limit ?? 100, 1000));
    if (filter.digest) q = q.where('digest', '=', filter.digest);
    if (filter.env) q = q.where('env', '=', filter.env);
    return (await q.execute()).map((r) => ({ id: Number(r.id), ...(JSON.parse(r.body) as Decision) }));
  }
}

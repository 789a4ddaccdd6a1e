import { createHash } from 'node:crypto';
import type { Expression, Kysely, SqlBool } from 'kysely';
import type { Digest } from '../domain/digest.js';
import type { Component, Sbom, VexDocument } from '../domain/evidence.js';
import type { NewEvidence } from '../domain/release.js';
import type { ComponentIndexRepository, IndexedHit } from '../vuln/component-index-repository.js';
import { type ComponentKey, type IndexedComponent, indexedComponents, variantOf } from '../vuln/component-keys.js';
import type { Engine } from './dialect/engine.js';
import type { ComponentIndexTables } from './component-index-tables.js';
import type { Database } from './schema.js';

type Db = Kysely<Database & ComponentIndexTables>;

/** Rows per multi-row INSERT (4 columns × 200) and values per IN list: far below both engines' limits. */
const BATCH = 200;
/** Keys per look-up query (each is two parameters). */
const KEYS_PER_QUERY = 100;

/**
 * Files an SBOM's components under their (ecosystem, normalized name) keys, linked to the digest,
 * inside the caller's transaction (the ingest's: an SBOM is never stored unindexed). Idempotent.
 */
export async function indexComponents(
  trx: Kysely<Database>,
  digest: string,
  components: readonly Component[],
): Promise<void> {
  const rows = indexedComponents(components);
  if (rows.length === 0) return;
  const db = trx.withTables<ComponentIndexTables>();
  await db
    .insertInto('indexed_digests')
    .values({ digest })
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();
  const d = await db.selectFrom('indexed_digests').select('id').where('digest', '=', digest).executeTakeFirstOrThrow();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({
      ecosystem: r.ecosystem,
      name: r.name,
      variant: variantHash(r),
      component: JSON.stringify(r.component),
    }));
    await db
      .insertInto('indexed_components')
      .values(batch)
      .onConflict((oc) => oc.column('variant').doNothing())
      .execute();
    const ids = await db
      .selectFrom('indexed_components')
      .select('id')
      .where(
        'variant',
        'in',
        batch.map((b) => b.variant),
      )
      .execute();
    await db
      .insertInto('component_links')
      .values(ids.map((c) => ({ component_id: Number(c.id), digest_id: Number(d.id) })))
      .onConflict((oc) => oc.columns(['component_id', 'digest_id']).doNothing())
      .execute();
  }
}

/** Indexes the new SBOMs among ingested evidence (`created[i]`: item i was stored now). */
export async function indexSbomEvidence(
  trx: Kysely<Database>,
  items: readonly NewEvidence[],
  created: ReadonlyArray<{ created: boolean }>,
): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    const e = items[i]!;
    // A normalized view without a component list (none in the document) indexes nothing.
    const components = (e.normalized as Partial<Sbom> | null)?.components;
    if (e.kind === 'sbom' && created[i]?.created && Array.isArray(components))
      await indexComponents(trx, e.artifact, components);
  }
}

/** Unique per (key, component); a fixed-length hash keeps attacker-sized purls out of the unique index. */
export function variantHash(r: IndexedComponent): string {
  return createHash('sha256')
    .update(`${r.ecosystem}\u0000${r.name}\u0000${variantOf(r.component)}`)
    .digest('base64url')
    .slice(0, 32);
}

/** The component index in domain words, for both engines. */
export class ComponentIndex implements ComponentIndexRepository {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<ComponentIndexTables>();
  }

  async hits(keys: readonly ComponentKey[], digests?: readonly Digest[]): Promise<IndexedHit[]> {
    const out: IndexedHit[] = [];
    if (digests !== undefined && digests.length > BATCH) {
      for (let i = 0; i < digests.length; i += BATCH) out.push(...(await this.hits(keys, digests.slice(i, i + BATCH))));
      return out;
    }
    if (digests !== undefined && digests.length === 0) return out;
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      const chunk = keys.slice(i, i + KEYS_PER_QUERY);
      let q = this.db
        .selectFrom('indexed_components as c')
        .innerJoin('component_links as l', 'l.component_id', 'c.id')
        .innerJoin('indexed_digests as d', 'd.id', 'l.digest_id')
        .select(['d.digest', 'c.component', 'c.ecosystem', 'c.name'])
        .where((eb) =>
          eb.or(
            chunk.map(
              (k): Expression<SqlBool> => eb.and([eb('c.ecosystem', '=', k.ecosystem), eb('c.name', '=', k.name)]),
            ),
          ),
        );
      if (digests !== undefined) q = q.where('d.digest', 'in', [...digests]);
      for (const r of await q.execute())
        out.push({
          digest: r.digest as Digest,
          component: JSON.parse(r.component) as IndexedHit['component'],
          key: { ecosystem: r.ecosystem, name: r.name },
        });
    }
    return out;
  }

  async names(digests: readonly Digest[]): Promise<Map<Digest, string>> {
    const out = new Map<Digest, string>();
    for (let i = 0; i < digests.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('artifacts')
        .select(['digest', 'name'])
        .where('digest', 'in', digests.slice(i, i + BATCH))
        .execute();
      for (const r of rows) if (r.name) out.set(r.digest as Digest, r.name);
    }
    return out;
  }

  async vexOf(digests: readonly Digest[]): Promise<Map<Digest, VexDocument[]>> {
    const out = new Map<Digest, VexDocument[]>();
    for (let i = 0; i < digests.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('evidence')
        .select(['artifact', 'normalized'])
        .where('kind', '=', 'vex')
        .where('artifact', 'in', digests.slice(i, i + BATCH))
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.artifact as Digest) ?? [];
        list.push(JSON.parse(r.normalized) as VexDocument);
        out.set(r.artifact as Digest, list);
      }
    }
    return out;
  }
}

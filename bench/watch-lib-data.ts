// Data for the watch benchmark: a store of N digests × 300 components written with bulk inserts
// straight into the tables ingest fills (artifacts, evidence with the normalized SBOM, the
// component index), a baseline OSV mirror, and the one new advisory that affects 1 % of digests.
// Deterministic (a seeded generator). The mix is npm / PyPI / Maven, with a common core that most
// images share and a long tail; one npm package sits in 5 % of images, at an affected version in 1 %.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Component } from '../src/domain/evidence.js';
import { variantHash } from '../src/store/component-index.js';
import type { ComponentIndexTables } from '../src/store/component-index-tables.js';
import type { Database } from '../src/store/schema.js';
import { indexedComponents } from '../src/vuln/component-keys.js';

export const COMPONENTS_PER_DIGEST = 300;
export const TARGET = { name: 'left-pad-ng', affected: '1.0.0', fixed: '2.0.0' };

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pkg {
  purlBase: string;
  name: string;
  versions: string[];
}

function packagePool(): Pkg[] {
  const pool: Pkg[] = [];
  const versions = (i: number) => [`1.${i % 7}.0`, `1.${i % 7}.1`, `2.${i % 5}.3`, `3.0.${i % 11}`];
  for (let i = 0; i < 2400; i++)
    pool.push({ purlBase: `pkg:npm/npm-lib-${i}`, name: `npm-lib-${i}`, versions: versions(i) });
  for (let i = 0; i < 1000; i++)
    pool.push({ purlBase: `pkg:pypi/py-lib-${i}`, name: `py-lib-${i}`, versions: versions(i + 3) });
  for (let i = 0; i < 600; i++)
    pool.push({
      purlBase: `pkg:maven/org.example.g${i % 40}/jar-${i}`,
      name: `jar-${i}`,
      versions: versions(i + 5),
    });
  return pool;
}

/** Digest i's components: 120 from a shared core of 200 packages, 180 from the long tail. */
export function componentsOf(i: number, pool: Pkg[], r: () => number): Component[] {
  const picked = new Set<number>();
  while (picked.size < 120) picked.add(Math.floor(r() * 200));
  while (picked.size < COMPONENTS_PER_DIGEST) picked.add(200 + Math.floor(r() ** 2 * (pool.length - 200)));
  const out: Component[] = [...picked].map((p) => {
    const pkg = pool[p]!;
    const version = pkg.versions[Math.floor(r() * pkg.versions.length)]!;
    return { name: pkg.name, version, purl: `${pkg.purlBase}@${version}`, licenses: [], hashes: {} };
  });
  // 5 % of images carry the target package: 1 in 5 of them at the affected version.
  if (i % 20 === 0) {
    const version = i % 100 === 0 ? TARGET.affected : TARGET.fixed;
    out[0] = { name: TARGET.name, version, purl: `pkg:npm/${TARGET.name}@${version}`, licenses: [], hashes: {} };
  }
  return out;
}

export const digestOf = (i: number): string => `sha256:${i.toString(16).padStart(64, '0')}`;

/** Rows per statement under each engine's parameter limit (SQLite 32,766; PostgreSQL 65,535). */
const rowsPer = (columns: number) => Math.floor(30_000 / columns);

async function insertChunked<T extends keyof (Database & ComponentIndexTables)>(
  db: Kysely<Database & ComponentIndexTables>,
  table: T,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const per = rowsPer(Object.keys(rows[0]!).length);
  for (let i = 0; i < rows.length; i += per)
    await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(rows.slice(i, i + per))
      .execute();
}

/**
 * Writes digests in bulk, growing one store: `grow(n)` adds digests up to `n`. With
 * `withEvidence`, each new digest also gets its SBOM evidence row (the normalized view, as ingest
 * stores it) for the full-rescan baseline. Counts the digests at the affected version.
 */
export class StoreGenerator {
  private readonly db: Kysely<Database & ComponentIndexTables>;
  private readonly pool = packagePool();
  private readonly r = rng(42);
  private readonly now = new Date('2026-11-29T00:00:00Z').toISOString();
  private readonly blob = `sha256:${'b'.repeat(64)}`;
  private readonly componentIds = new Map<string, number>();
  /** purl → its index variant: components repeat across images, the hash is taken once. */
  private readonly variants = new Map<string, string>();
  size = 0;
  affected = 0;

  constructor(base: Kysely<Database>) {
    this.db = base.withTables<ComponentIndexTables>();
  }

  async grow(n: number, withEvidence: boolean, onProgress?: (done: number) => void): Promise<void> {
    if (this.size === 0)
      await this.db
        .insertInto('blobs')
        .values({
          sha256: this.blob,
          size: 1,
          media_type: 'application/json',
          bytes: new Uint8Array([0x7b]),
          created_at: this.now,
        })
        .execute();
    const CHUNK = 1000;
    for (let start = this.size; start < n; start += CHUNK) {
      await this.chunk(start, Math.min(n, start + CHUNK), withEvidence);
      onProgress?.(Math.min(n, start + CHUNK));
    }
    this.size = Math.max(this.size, n);
  }

  /**
   * Grows to `n` by repeating the digests written so far (the template: same mix, the same 1 %
   * affected), copied in SQL: the 100k store in minutes, not an hour. Only the index and the
   * artifacts are written (no evidence): the incremental path reads nothing else.
   */
  async replicate(n: number, onProgress?: (done: number) => void): Promise<void> {
    const template = this.size;
    if (template === 0 || template % 100 !== 0)
      throw new Error('replicate needs a template of a multiple of 100 digests');
    for (let start = this.size; start < n; start += template) {
      const end = Math.min(n, start + template);
      await this.db.transaction().execute(async (trx) => {
        for (let s = start; s < end; s += 5000) {
          const e = Math.min(end, s + 5000);
          const ids = Array.from({ length: e - s }, (_, k) => s + k);
          await insertChunked(
            trx,
            'artifacts',
            ids.map((i) => ({ digest: digestOf(i), name: `registry.example/app-${i % 500}`, created_at: this.now })),
          );
          await insertChunked(
            trx,
            'indexed_digests',
            ids.map((i) => ({ id: i + 1, digest: digestOf(i) })),
          );
        }
        await sql`INSERT INTO component_links (component_id, digest_id) SELECT component_id, digest_id + ${start} FROM component_links WHERE digest_id <= ${end - start}`.execute(
          trx,
        );
      });
      for (let i = start; i < end; i++) if (i % 100 === 0) this.affected++;
      this.size = end;
      onProgress?.(end);
    }
  }

  private async chunk(start: number, end: number, withEvidence: boolean): Promise<void> {
    const { componentIds, now } = this;
    const artifacts: Array<Record<string, unknown>> = [];
    const evidence: Array<Record<string, unknown>> = [];
    const digests: Array<Record<string, unknown>> = [];
    const perDigest: string[][] = [];
    const newComponents = new Map<string, Record<string, unknown>>();
    for (let i = start; i < end; i++) {
      const components = componentsOf(i, this.pool, this.r);
      if (i % 100 === 0) this.affected++;
      artifacts.push({ digest: digestOf(i), name: `registry.example/app-${i % 500}`, created_at: now });
      digests.push({ id: i + 1, digest: digestOf(i) });
      if (withEvidence)
        evidence.push({
          artifact: digestOf(i),
          kind: 'sbom',
          blob_sha256: this.blob,
          format: 'cyclonedx-1.5',
          normalized: JSON.stringify({ format: 'cyclonedx', specVersion: '1.5', components, dependencies: [] }),
          summary: null,
          created_at: now,
        });
      const rows = indexedComponents(components);
      const variants: string[] = [];
      perDigest.push(variants);
      for (const row of rows) {
        const purl = row.component.purl ?? '';
        let variant = this.variants.get(purl);
        if (variant === undefined) {
          variant = variantHash(row);
          this.variants.set(purl, variant);
        }
        variants.push(variant);
        if (!componentIds.has(variant) && !newComponents.has(variant))
          newComponents.set(variant, {
            ecosystem: row.ecosystem,
            name: row.name,
            variant,
            component: JSON.stringify(row.component),
          });
      }
    }
    await this.db.transaction().execute(async (trx) => {
      await insertChunked(trx, 'artifacts', artifacts);
      await insertChunked(trx, 'evidence', evidence);
      await insertChunked(trx, 'indexed_digests', digests);
      const fresh = [...newComponents.values()];
      fresh.forEach((c, k) => {
        c.id = componentIds.size + 1 + k;
      });
      await insertChunked(trx, 'indexed_components', fresh);
      for (const c of fresh) componentIds.set(c.variant as string, c.id as number);
      // Integers we generated: written as literals, 10,000 rows per statement (no parameters to bind).
      const links: string[] = [];
      perDigest.forEach((variants, k) => {
        for (const v of variants) links.push(`(${componentIds.get(v)!},${start + k + 1})`);
      });
      for (let i = 0; i < links.length; i += 10_000)
        await sql
          .raw(`INSERT INTO component_links (component_id, digest_id) VALUES ${links.slice(i, i + 10_000).join(',')}`)
          .execute(trx);
    });
  }
}

/** A baseline mirror of `count` records on pool packages, and the new advisory (written later). */
export function writeBaselineMirror(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const [eco, name] =
      i % 3 === 0
        ? ['npm', `npm-lib-${i}`]
        : i % 3 === 1
          ? ['PyPI', `py-lib-${i % 1000}`]
          : ['Maven', `org.example.g${i % 40}:jar-${i % 600}`];
    writeFileSync(
      join(dir, `GHSA-base-${String(i).padStart(4, '0')}.json`),
      JSON.stringify({
        id: `GHSA-base-${i}`,
        modified: '2026-11-01T00:00:00Z',
        database_specific: { severity: 'LOW' },
        affected: [
          {
            package: { ecosystem: eco, name },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.0.1' }] }],
          },
        ],
      }),
    );
  }
}

/** The k-th new advisory: each affects the same 1 % (a new id, so each revokes anew). */
export const advisoryId = (k: number): string => `GHSA-wtch-bnch-${String(k).padStart(4, '0')}`;

export function writeNewAdvisory(dir: string, k: number): void {
  writeFileSync(
    join(dir, `${advisoryId(k)}.json`),
    JSON.stringify({
      id: advisoryId(k),
      modified: '2026-11-29T00:00:00Z',
      database_specific: { severity: 'CRITICAL' },
      affected: [
        {
          package: { ecosystem: 'npm', name: TARGET.name },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }],
        },
      ],
    }),
  );
}

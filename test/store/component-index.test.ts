import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Digest } from '../../src/domain/digest.js';
import type { Component, Sbom } from '../../src/domain/evidence.js';
import type { NewEvidence } from '../../src/domain/release.js';
import { ComponentIndex } from '../../src/store/component-index.js';
import { MIGRATIONS } from '../../src/store/migrator.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { advisoryKeys } from '../../src/vuln/component-keys.js';
import type { OsvRecord } from '../../src/vuln/osv-record.js';
import { ENGINES } from '../support/engines.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const NOW = new Date('2026-11-29T12:00:00Z');

const comp = (purl: string, name: string, version?: string): Component => ({
  name,
  ...(version ? { version } : {}),
  purl,
  licenses: [],
  hashes: {},
});

function sbomEvidence(artifact: Digest, components: Component[], tag = ''): NewEvidence {
  const sbom: Sbom = { format: 'cyclonedx', specVersion: '1.5', components, dependencies: [] };
  return {
    artifact,
    kind: 'sbom',
    bytes: new TextEncoder().encode(JSON.stringify(sbom) + tag),
    mediaType: 'application/vnd.cyclonedx+json',
    format: 'cyclonedx-1.5',
    normalized: sbom,
  };
}

const record = (ecosystem: string, name: string): OsvRecord =>
  ({ id: 'X-1', modified: NOW.toISOString(), affected: [{ package: { ecosystem, name } }] }) as OsvRecord;

for (const engine of ENGINES) {
  describe(`component index on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let index: ComponentIndex;
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => NOW);
      index = new ComponentIndex(store.engine);
    });
    after(async () => store?.close());

    test('an ingested SBOM is indexed under (ecosystem, normalized name) in the ingest transaction', async () => {
      await store.addEvidenceBatch([
        sbomEvidence(d('a'), [
          comp('pkg:pypi/Django_REST@3.1', 'Django_REST', '3.1'),
          comp('pkg:npm/lodash@4.17.20', 'lodash', '4.17.20'),
          comp('pkg:generic/thing@1', 'thing', '1'), // no OSV ecosystem: not indexed
        ]),
        sbomEvidence(d('b'), [comp('pkg:npm/lodash@4.17.21', 'lodash', '4.17.21')]),
      ]);
      const django = await index.hits(advisoryKeys(record('PyPI', 'django.rest')));
      assert.deepEqual(
        django.map((h) => [h.digest, h.component.version]),
        [[d('a'), '3.1']],
      );
      const lodash = await index.hits(advisoryKeys(record('npm', 'lodash')));
      assert.deepEqual(lodash.map((h) => `${h.digest}@${h.component.version}`).sort(), [
        `${d('a')}@4.17.20`,
        `${d('b')}@4.17.21`,
      ]);
      assert.deepEqual(
        (await index.hits(advisoryKeys(record('npm', 'lodash')), [d('b')])).map((h) => h.digest),
        [d('b')],
      );
      assert.deepEqual(await index.hits(advisoryKeys(record('npm', 'Lodash'))), [], 'npm names are case-sensitive');
    });

    test('the same components in a second SBOM are linked, not stored twice; a failed batch indexes nothing', async () => {
      await store.addEvidenceBatch([sbomEvidence(d('c'), [comp('pkg:npm/lodash@4.17.20', 'lodash', '4.17.20')])]);
      const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM indexed_components`.execute(store.engine.db);
      assert.equal(Number(rows.rows[0]?.n), 3);
      const bad = { ...sbomEvidence(d('e'), [comp('pkg:npm/left-pad@1.0.0', 'left-pad', '1.0.0')]), parents: [d('e')] };
      await assert.rejects(store.addEvidenceBatch([bad]), { code: 'PARENT_IS_SELF' });
      assert.deepEqual(await index.hits(advisoryKeys(record('npm', 'left-pad'))), []);
    });

    test('components with no purl are filed by their bare name and found by any ecosystem', async () => {
      await store.addEvidenceBatch([
        sbomEvidence(d('f'), [{ name: 'Requests', version: '2.0.0', licenses: [], hashes: {} }]),
      ]);
      const hits = await index.hits(advisoryKeys(record('PyPI', 'requests')));
      assert.deepEqual(
        hits.map((h) => [h.digest, h.component.name]),
        [[d('f'), 'Requests']],
      );
    });

    test('an SBOM view without a component list is stored and indexes nothing', async () => {
      const bare = { ...sbomEvidence(d('9'), []), normalized: {} };
      const [r] = await store.addEvidenceBatch([bare]);
      assert.equal(r?.created, true);
    });

    test('VEX documents are read per digest', async () => {
      assert.equal((await index.vexOf([d('a')])).size, 0);
    });
  });

  describe(`component index backfill on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    test('migration 007 indexes the SBOMs stored before it', async () => {
      const { engine: e } = await engine.create();
      try {
        await sql`CREATE TABLE mc_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`.execute(
          e.db,
        );
        for (const m of MIGRATIONS.filter((x) => x.version < 7)) {
          await m.up(e);
          await sql`INSERT INTO mc_migrations VALUES (${m.version}, ${m.name}, ${NOW.toISOString()})`.execute(e.db);
        }
        const sbom: Sbom = {
          format: 'cyclonedx',
          specVersion: '1.5',
          components: [comp('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'log4j-core', '2.14.1')],
          dependencies: [],
        };
        await e.db
          .insertInto('artifacts')
          .values({ digest: d('9'), name: null, created_at: NOW.toISOString() })
          .execute();
        await e.db
          .insertInto('blobs')
          .values({
            sha256: d('8'),
            size: 1,
            media_type: 'x',
            bytes: new Uint8Array([1]),
            created_at: NOW.toISOString(),
          })
          .execute();
        await e.db
          .insertInto('evidence')
          .values({
            artifact: d('9'),
            kind: 'sbom',
            blob_sha256: d('8'),
            format: 'cyclonedx-1.5',
            normalized: JSON.stringify(sbom),
            summary: null,
            created_at: NOW.toISOString(),
          })
          .execute();
        const store = await ReleaseStore.open(e, () => NOW);
        const hits = await new ComponentIndex(store.engine).hits(
          advisoryKeys(record('Maven', 'org.apache.logging.log4j:log4j-core')),
        );
        assert.deepEqual(
          hits.map((h) => h.digest),
          [d('9')],
        );
      } finally {
        await e.close();
      }
    });
  });
}

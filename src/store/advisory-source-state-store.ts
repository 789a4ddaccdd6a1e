import type { Kysely } from 'kysely';
import type { SourceValidators, SourceValidatorsRepository } from '../vuln/advisory-source-state.js';
import type { Engine } from './dialect/engine.js';
import type { ComponentIndexTables } from './component-index-tables.js';
import type { Database } from './schema.js';

/** The validators of HTTP(S) advisory sources (table `advisory_http_sources`), for both engines. */
export class AdvisorySourceStateStore implements SourceValidatorsRepository {
  private readonly db: Kysely<Database & ComponentIndexTables>;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<ComponentIndexTables>();
  }

  async get(url: string): Promise<SourceValidators | undefined> {
    const r = await this.db.selectFrom('advisory_http_sources').selectAll().where('url', '=', url).executeTakeFirst();
    if (r === undefined) return undefined;
    return { ...(r.etag ? { etag: r.etag } : {}), ...(r.last_modified ? { lastModified: r.last_modified } : {}) };
  }

  async save(url: string, v: SourceValidators, now: Date): Promise<void> {
    const row = { etag: v.etag ?? null, last_modified: v.lastModified ?? null, synced_at: now.toISOString() };
    await this.db
      .insertInto('advisory_http_sources')
      .values({ url, ...row })
      .onConflict((oc) => oc.column('url').doUpdateSet(row))
      .execute();
  }
}

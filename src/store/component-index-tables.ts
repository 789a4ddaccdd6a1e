import type { Generated } from 'kysely';

/** Tables of migration 007, for `db.withTables<ComponentIndexTables>()` (src/store/schema.ts is shared). */
export type ComponentIndexTables = {
  indexed_components: { id: Generated<number>; ecosystem: string; name: string; variant: string; component: string };
  indexed_digests: { id: Generated<number>; digest: string };
  component_links: { component_id: number; digest_id: number };
  advisory_http_sources: { url: string; etag: string | null; last_modified: string | null; synced_at: string };
};

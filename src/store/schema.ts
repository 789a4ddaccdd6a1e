import type { Generated } from 'kysely';

/** Table shapes of the query layer; the same on SQLite and PostgreSQL. Times are ISO 8601 text. */
export interface Database {
  meta: { key: string; value: number };
  artifacts: { digest: string; name: string | null; created_at: string };
  artifact_parents: { child: string; parent: string };
  blobs: { sha256: string; size: number; media_type: string; bytes: Uint8Array; created_at: string };
  evidence: {
    id: Generated<number>;
    artifact: string;
    kind: string;
    blob_sha256: string;
    format: string;
    /** The parser's normalized view as JSON, so snapshots need no re-parse. */
    normalized: string;
    summary: string | null;
    created_at: string;
  };
  decisions: {
    id: Generated<number>;
    digest: string;
    env: string;
    allow: number;
    policy_hash: string;
    inputs_key: string;
    evaluated_at: string;
    body: string;
  };
  /** Columns from `env` on: migration 006 (revocation per environment, with cause, chain and end). */
  revocations: {
    id: Generated<number>;
    digest: string;
    reason: string;
    /** Who asked (`cli:<user>`, `token:<8 hex>`, `watch:cve`). */
    source: string;
    created_by: string | null;
    created_at: string;
    /** An environment, or `*` for every environment (not a valid environment name). */
    env: Generated<string>;
    cause: Generated<string>;
    /** For `lineage` rows: the cause of the revocation that propagated here. */
    root_cause: Generated<string | null>;
    /** JSON array of digests, from the revoked ancestor down to `digest`. */
    chain: Generated<string>;
    advisory: Generated<string | null>;
    /** The direct revocation this row propagated from; null for a direct revocation. */
    root_id: Generated<number | null>;
    /** What makes an active row unique per (digest, env): `<cause>:<advisory>`, or `lineage:<root id>`. */
    scope: Generated<string>;
    ended_at: Generated<string | null>;
    ended_by: Generated<string | null>;
    end_reason: Generated<string | null>;
  };
}

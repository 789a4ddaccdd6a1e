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
  revocations: {
    id: Generated<number>;
    digest: string;
    reason: string;
    source: string;
    created_by: string | null;
    created_at: string;
  };
}

import type { Engine } from '../dialect/engine.js';

/**
 * Session-bound approvals and quorum bypass: WebAuthn credentials and single-use challenges, the
 * installation's approval-token keys (in the store, so every replica verifies what another minted),
 * redeemed approvals (the nonce is unique: a token replayed on any replica is refused by the
 * database), exceptions, step-up assertions, bypass requests and their approvals.
 */
export async function up(engine: Engine): Promise<void> {
  const db = engine.db.withTables<ApprovalTables>();
  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_credentials_subject').on('webauthn_credentials').column('subject').execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('digest', 'text')
    .addColumn('env', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('approval_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('approvals')
    .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('redeemed_by', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('approvals_subject').on('approvals').columns(['digest', 'env', 'expires_at']).execute();

  await db.schema
    .createTable('approval_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();

  await db.schema
    .createTable('step_ups')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('asserted_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bypasses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('incident', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('gates', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('bypasses_subject').on('bypasses').columns(['digest', 'env', 'state']).execute();

  // One approval per role and one per person: the database refuses a second of either.
  await db.schema
    .createTable('bypass_approvals')
    .addColumn('bypass_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('stepped_up_at', 'text')
    .addPrimaryKeyConstraint('bypass_approvals_pk', ['bypass_id', 'role'])
    .addUniqueConstraint('bypass_approvals_person', ['bypass_id', 'subject'])
    .execute();
}

/** Tables of this migration, for `db.withTables<ApprovalTables>()`. */
export type ApprovalTables = {
  webauthn_credentials: {
    id: string;
    subject: string;
    public_key: string;
    counter: number;
    transports: string;
    created_at: string;
  };
  webauthn_challenges: {
    id: string;
    purpose: string;
    subject: string;
    digest: string | null;
    env: string | null;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  approval_keys: {
    kid: string;
    alg: string;
    private_jwk: string;
    public_jwk: string;
    created_at: string;
    retired_at: string | null;
  };
  approvals: {
    nonce_hash: string;
    digest: string;
    env: string;
    subject: string;
    issuer: string;
    credential_id: string | null;
    redeemed_by: string;
    redeemed_at: string;
    expires_at: string;
  };
  approval_exceptions: {
    id: string;
    service: string;
    env: string;
    owner: string;
    reason: string;
    created_by: string;
    created_at: string;
    expires_at: string;
    removed_at: string | null;
  };
  step_ups: { subject: string; credential_id: string; asserted_at: string };
  bypasses: {
    id: string;
    digest: string;
    env: string;
    incident: string;
    reason: string;
    requested_by: string;
    requested_at: string;
    state: string;
    gates: string;
    activated_at: string | null;
    expires_at: string | null;
    ended_at: string | null;
  };
  bypass_approvals: {
    bypass_id: string;
    role: string;
    subject: string;
    approved_at: string;
    stepped_up_at: string | null;
  };
};

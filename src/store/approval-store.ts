import type { Kysely } from 'kysely';
import type {
  Approval,
  ApprovalException,
  ChallengePurpose,
  StoredChallenge,
  StoredCredential,
} from '../domain/approval.js';
import type { Digest } from '../domain/digest.js';
import type { StateEffects } from '../domain/state-effects.js';
import type { Engine } from './dialect/engine.js';
import { bumpGeneration } from './generation.js';
import type { ApprovalTables } from './migrations/009-approvals.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { Database } from './schema.js';
import { writeStateEffects } from './state-effects-writer.js';

type Db = Kysely<Database & ApprovalTables & EventOutboxLeaseTables>;

/** An approval key of the installation (JWK text as stored). */
export interface StoredApprovalKey {
  kid: string;
  alg: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: string;
  retiredAt?: string;
}

/**
 * WebAuthn credentials and challenges, approval keys, approvals, exceptions and step-ups
 * over both engines. Every state change that gates read bumps the store generation in its
 * transaction (cached decisions are re-evaluated) and writes its ledger entries and events there.
 */
export class ApprovalStore {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<ApprovalTables & EventOutboxLeaseTables>();
  }

  async addCredential(c: StoredCredential): Promise<void> {
    await this.db
      .insertInto('webauthn_credentials')
      .values({
        id: c.id,
        subject: c.subject,
        public_key: c.publicKey,
        counter: c.counter,
        transports: JSON.stringify(c.transports),
        created_at: c.createdAt,
      })
      .execute();
  }

  async credentialsOf(subject: string): Promise<StoredCredential[]> {
    const rows = await this.db.selectFrom('webauthn_credentials').selectAll().where('subject', '=', subject).execute();
    return rows.map(toCredential);
  }

  async credential(id: string): Promise<StoredCredential | undefined> {
    const row = await this.db.selectFrom('webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCredential(row) : undefined;
  }

  /** Compare-and-set: false when another assertion moved the counter first (a cloned authenticator, or a race). */
  async advanceCounter(id: string, from: number, to: number): Promise<boolean> {
    const r = await this.db
      .updateTable('webauthn_credentials')
      .set({ counter: to })
      .where('id', '=', id)
      .where('counter', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async addChallenge(c: StoredChallenge): Promise<void> {
    await this.db
      .insertInto('webauthn_challenges')
      .values({
        id: c.id,
        purpose: c.purpose,
        subject: c.subject,
        digest: c.digest ?? null,
        env: c.env ?? null,
        created_at: c.createdAt,
        expires_at: c.expiresAt,
        used_at: null,
      })
      .execute();
  }

  /** Marks a live challenge used and returns it; undefined when unknown, used, expired or someone else's. */
  async takeChallenge(
    id: string,
    purpose: ChallengePurpose,
    subject: string,
    now: Date,
  ): Promise<StoredChallenge | undefined> {
    const at = now.toISOString();
    const r = await this.db
      .updateTable('webauthn_challenges')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('purpose', '=', purpose)
      .where('subject', '=', subject)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return undefined;
    const row = await this.db
      .selectFrom('webauthn_challenges')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      purpose: row.purpose as ChallengePurpose,
      subject: row.subject,
      ...(row.digest ? { digest: row.digest as Digest } : {}),
      ...(row.env ? { env: row.env } : {}),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  /** Deletes challenges that expired before `before` (used or not): they can never be taken again. */
  async purgeChallenges(before: Date): Promise<number> {
    const r = await this.db
      .deleteFrom('webauthn_challenges')
      .where('expires_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async keys(): Promise<StoredApprovalKey[]> {
    const rows = await this.db.selectFrom('approval_keys').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      privateJwk: r.private_jwk,
      publicJwk: r.public_jwk,
      createdAt: r.created_at,
      ...(r.retired_at ? { retiredAt: r.retired_at } : {}),
    }));
  }

  /** Adds a key and retires the given older ones (still published until `retire` says otherwise). */
  async addKey(k: StoredApprovalKey, retire: ReadonlyArray<{ kid: string; at: string }> = []): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('approval_keys')
        .values({
          kid: k.kid,
          alg: k.alg,
          private_jwk: k.privateJwk,
          public_jwk: k.publicJwk,
          created_at: k.createdAt,
          retired_at: null,
        })
        .execute();
      for (const r of retire)
        await trx.updateTable('approval_keys').set({ retired_at: r.at }).where('kid', '=', r.kid).execute();
    });
  }

  /** Records a redeemed approval; false when its nonce was redeemed before (on any replica). */
  async redeem(a: Approval, effects: StateEffects): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('approvals')
        .values({
          nonce_hash: a.nonceHash,
          digest: a.digest,
          env: a.env,
          subject: a.subject,
          issuer: a.issuer,
          credential_id: a.credentialId ?? null,
          redeemed_by: a.redeemedBy,
          redeemed_at: a.redeemedAt,
          expires_at: a.expiresAt,
        })
        .onConflict((oc) => oc.column('nonce_hash').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await this.effects(trx, effects, a.redeemedAt);
      return true;
    });
  }

  /** The newest approvals of (digest, env), expired ones included (the gate names them). */
  async approvalsFor(digest: Digest, env: string, limit = 10): Promise<Approval[]> {
    const rows = await this.db
      .selectFrom('approvals')
      .selectAll()
      .where('digest', '=', digest)
      .where('env', '=', env)
      .orderBy('expires_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      digest: r.digest as Digest,
      env: r.env,
      subject: r.subject,
      issuer: r.issuer,
      ...(r.credential_id ? { credentialId: r.credential_id } : {}),
      nonceHash: r.nonce_hash,
      redeemedBy: r.redeemed_by,
      redeemedAt: r.redeemed_at,
      expiresAt: r.expires_at,
    }));
  }

  async addException(e: ApprovalException, effects: StateEffects): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('approval_exceptions')
        .values({
          id: e.id,
          service: e.service,
          env: e.env,
          owner: e.owner,
          reason: e.reason,
          created_by: e.createdBy,
          created_at: e.createdAt,
          expires_at: e.expiresAt,
          removed_at: null,
        })
        .execute();
      await this.effects(trx, effects, e.createdAt);
    });
  }

  /** Removes an exception; false when none with that id is in force (unknown or removed). */
  async removeException(
    id: string,
    at: string,
    effects: (e: ApprovalException) => StateEffects,
  ): Promise<ApprovalException | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('approval_exceptions')
        .selectAll()
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      await trx.updateTable('approval_exceptions').set({ removed_at: at }).where('id', '=', id).execute();
      const e = toException(row);
      await this.effects(trx, effects(e), at);
      return e;
    });
  }

  /** Ends every exception whose time is up at `now` (once, on any replica), each with its effects. */
  async expireExceptions(now: Date, effects: (e: ApprovalException) => StateEffects): Promise<ApprovalException[]> {
    const due = await this.db
      .selectFrom('approval_exceptions')
      .selectAll()
      .where('removed_at', 'is', null)
      .where('expires_at', '<=', now.toISOString())
      .execute();
    const ended: ApprovalException[] = [];
    for (const row of due)
      await this.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('approval_exceptions')
          .set({ removed_at: row.expires_at })
          .where('id', '=', row.id)
          .where('removed_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return; // another replica recorded it
        const e = toException(row);
        await this.effects(trx, effects(e), row.expires_at);
        ended.push(e);
      });
    return ended;
  }

  /** Exceptions not removed (expired ones included: the caller knows the clock). */
  async exceptions(filter: { service?: string; env?: string } = {}): Promise<ApprovalException[]> {
    let q = this.db.selectFrom('approval_exceptions').selectAll().where('removed_at', 'is', null);
    if (filter.service !== undefined) q = q.where('service', '=', filter.service);
    if (filter.env !== undefined) q = q.where('env', '=', filter.env);
    return (await q.orderBy('expires_at', 'desc').limit(1000).execute()).map(toException);
  }

  async recordStepUp(subject: string, credentialId: string, at: string): Promise<void> {
    await this.db
      .insertInto('step_ups')
      .values({ subject, credential_id: credentialId, asserted_at: at })
      .onConflict((oc) => oc.column('subject').doUpdateSet({ credential_id: credentialId, asserted_at: at }))
      .execute();
  }

  async stepUpOf(subject: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('step_ups')
      .select('asserted_at')
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row?.asserted_at;
  }

  private effects(trx: Db, effects: StateEffects, at: string): Promise<void> {
    return writeEffects(trx as unknown as Kysely<Database>, effects, at);
  }
}

/** A state change's ledger entries, events and outbox messages, and the generation bump that invalidates caches. */
export async function writeEffects(trx: Kysely<Database>, effects: StateEffects, at: string): Promise<void> {
  await writeStateEffects(trx, effects, at);
  await bumpGeneration(trx);
}

function toCredential(r: ApprovalTables['webauthn_credentials']): StoredCredential {
  return {
    id: r.id,
    subject: r.subject,
    publicKey: r.public_key,
    counter: Number(r.counter),
    transports: JSON.parse(r.transports) as string[],
    createdAt: r.created_at,
  };
}

function toException(r: ApprovalTables['approval_exceptions']): ApprovalException {
  return {
    id: r.id,
    service: r.service,
    env: r.env,
    owner: r.owner,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

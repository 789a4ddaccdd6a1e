import type { Kysely } from 'kysely';
import {
  BYPASS_ROLES,
  type Bypass,
  type BypassApproval,
  type BypassRole,
  type BypassState,
} from '../domain/approval.js';
import type { GateName } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { StateEffects } from '../domain/state-effects.js';
import { writeEffects } from './approval-store.js';
import type { Engine } from './dialect/engine.js';
import type { EventOutboxLeaseTables } from './migrations/005-events-outbox-leases.js';
import type { ApprovalTables } from './migrations/009-approvals.js';
import type { Database } from './schema.js';

type Db = Kysely<Database & ApprovalTables & EventOutboxLeaseTables>;
type BypassRow = ApprovalTables['bypasses'];
const ROLE_ORDER: readonly string[] = BYPASS_ROLES;

/**
 * SEV-1 bypass requests and their per-role approvals over both engines (migration 009). Every
 * state change writes its ledger entries and events in its transaction and bumps the generation.
 */
export class BypassStore {
  private readonly db: Db;

  constructor(engine: Engine) {
    this.db = engine.db.withTables<ApprovalTables & EventOutboxLeaseTables>();
  }

  async addBypass(b: Bypass, effects: StateEffects): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('bypasses')
        .values({
          id: b.id,
          digest: b.digest,
          env: b.env,
          incident: b.incident,
          reason: b.reason,
          requested_by: b.requestedBy,
          requested_at: b.requestedAt,
          state: b.state,
          gates: JSON.stringify(b.gates),
          activated_at: null,
          expires_at: null,
          ended_at: null,
        })
        .execute();
      await writeEffects(trx as unknown as Kysely<Database>, effects, b.requestedAt);
    });
  }

  async bypass(id: string): Promise<Bypass | undefined> {
    return this.readBypass(this.db, id);
  }

  async bypasses(filter: { digest?: Digest; env?: string; state?: BypassState } = {}): Promise<Bypass[]> {
    let q = this.db.selectFrom('bypasses').select('id');
    if (filter.digest) q = q.where('digest', '=', filter.digest);
    if (filter.env) q = q.where('env', '=', filter.env);
    if (filter.state) q = q.where('state', '=', filter.state);
    const ids = await q.orderBy('requested_at', 'desc').limit(1000).execute();
    const out: Bypass[] = [];
    for (const { id } of ids) out.push((await this.readBypass(this.db, id))!);
    return out;
  }

  /**
   * Adds one approval under a lock on the bypass row, so concurrent approvers see each other.
   * `decide` sees the bypass with every approval so far and says what becomes of it: refused (a
   * thrown error rolls the approval back), or its new state and the effects to record.
   */
  async approveBypass(
    id: string,
    approval: BypassApproval,
    decide: (b: Bypass) => { activate?: { at: string; expiresAt: string; gates: GateName[] }; effects: StateEffects },
  ): Promise<Bypass> {
    return this.db.transaction().execute(async (trx) => {
      // A no-op update takes the row lock on PostgreSQL (SQLite serializes writers anyway).
      await trx
        .updateTable('bypasses')
        .set({ state: (eb) => eb.ref('state') })
        .where('id', '=', id)
        .execute();
      const before = await this.readBypass(trx, id);
      if (!before) return before as never;
      const next = { ...before, approvals: [...before.approvals, approval] };
      const { activate, effects } = decide(next);
      await trx
        .insertInto('bypass_approvals')
        .values({
          bypass_id: id,
          role: approval.role,
          subject: approval.subject,
          approved_at: approval.approvedAt,
          stepped_up_at: approval.steppedUpAt ?? null,
        })
        .execute();
      if (activate)
        await trx
          .updateTable('bypasses')
          .set({
            state: 'active',
            activated_at: activate.at,
            expires_at: activate.expiresAt,
            gates: JSON.stringify(activate.gates),
          })
          .where('id', '=', id)
          .execute();
      await writeEffects(trx as unknown as Kysely<Database>, effects, approval.approvedAt);
      return (await this.readBypass(trx, id))!;
    });
  }

  /** Ends an active bypass (expired, or closed early); false when it was not active any more. */
  async endBypass(id: string, at: string, effects: (b: Bypass) => StateEffects): Promise<Bypass | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('bypasses')
        .set({ state: 'reverted', ended_at: at })
        .where('id', '=', id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return undefined;
      const b = (await this.readBypass(trx, id))!;
      await writeEffects(trx as unknown as Kysely<Database>, effects(b), at);
      return b;
    });
  }

  /** Active bypasses whose time is up at `now`. */
  async dueBypasses(now: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('bypasses')
      .select('id')
      .where('state', '=', 'active')
      .where('expires_at', '<=', now.toISOString())
      .execute();
    return rows.map((r) => r.id);
  }

  private async readBypass(db: Db, id: string): Promise<Bypass | undefined> {
    const row = await db.selectFrom('bypasses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const approvals = await db
      .selectFrom('bypass_approvals')
      .selectAll()
      .where('bypass_id', '=', id)
      .orderBy('approved_at')
      .execute();
    // Same instant: the order of the roles (security, release, owner), so reports read the same everywhere.
    approvals.sort(
      (a, b) => a.approved_at.localeCompare(b.approved_at) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role),
    );
    return toBypass(
      row,
      approvals.map((a) => ({
        role: a.role as BypassRole,
        subject: a.subject,
        approvedAt: a.approved_at,
        ...(a.stepped_up_at ? { steppedUpAt: a.stepped_up_at } : {}),
      })),
    );
  }
}

function toBypass(r: BypassRow, approvals: BypassApproval[]): Bypass {
  return {
    id: r.id,
    digest: r.digest as Digest,
    env: r.env,
    incident: r.incident,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    state: r.state as BypassState,
    gates: JSON.parse(r.gates) as GateName[],
    approvals,
    ...(r.activated_at ? { activatedAt: r.activated_at } : {}),
    ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
    ...(r.ended_at ? { endedAt: r.ended_at } : {}),
  };
}

import { parseDigest, type Digest } from '../domain/digest.js';
import type { ReleaseRepository } from '../domain/ports.js';
import { RevocationError } from '../domain/revocation-error.js';
import type { LineageNode, Revocation, RevocationChange, RevocationRepository } from '../domain/revocation.js';
import { profileFor } from '../policy/gates.js';
import type { PolicySource } from './policy-source.js';
import { noTickets, type TicketContext, type TicketsFor } from './revocation-tickets.js';

/** What `mc revoke` / `mc reinstate` and their routes take (untrusted: validated here). */
export interface RevocationInput {
  digest: unknown;
  /** Absent: every environment. */
  env?: unknown;
  reason?: unknown;
}

/** The outcome of a revoke or reinstate: the same object for `--json` and the HTTP body. */
export interface RevocationResult {
  action: 'revoke' | 'reinstate';
  digest: Digest;
  env?: string;
  /** False when the request changed nothing (already revoked / nothing to reinstate). */
  changed: boolean;
  /** Every row that began or ended: the digest itself and each descendant, with its chain. */
  changes: Revocation[];
}

/** A digest of the lineage report: where it sits, and whether and why it is not promotable. */
export interface LineageEntry extends LineageNode {
  /** No active revocation in any environment. */
  promotable: boolean;
}

export interface LineageReport {
  digest: Digest;
  name: string | null;
  promotable: boolean;
  revocations: Revocation[];
  ancestors: LineageEntry[];
  descendants: LineageEntry[];
}

export interface RevocationServiceDeps {
  revocations: RevocationRepository;
  store: Pick<ReleaseRepository, 'getArtifact' | 'lastDecision'>;
  policies: PolicySource;
  /** Tickets for new revocations, written in the revocation's transaction (none by default). */
  ticketsFor?: TicketsFor;
}

/** Reasons are free text for people and the ledger; a runaway one is refused, not clipped silently. */
const MAX_REASON = 4096;
/**
 * Control characters other than tab and newline: the reason reaches terminals (`mc lineage`) and
 * PostgreSQL refuses U+0000 in text, which would fail there and store on SQLite.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/** Digests whose last decisions are read to order tickets (allowed-before first): bounded work per request. */
const MAX_TICKET_LOOKUPS = 200;

/**
 * Manual revocation and reinstatement, and the lineage report. A revocation without an
 * environment holds in every environment; each change (the digest and every descendant) is
 * recorded by the repository, and tickets for new revocations are enqueued in the same transaction.
 */
export class RevocationService {
  private readonly revocations: RevocationRepository;
  private readonly store: RevocationServiceDeps['store'];
  private readonly policies: PolicySource;
  private readonly ticketsFor: TicketsFor;

  constructor(deps: RevocationServiceDeps) {
    this.revocations = deps.revocations;
    this.store = deps.store;
    this.policies = deps.policies;
    this.ticketsFor = deps.ticketsFor ?? noTickets;
  }

  async revoke(input: RevocationInput, actor: string): Promise<RevocationResult> {
    const { digest, env, reason } = await this.validate(input);
    const context = await this.ticketContext(digest);
    const changes = await this.revocations.apply(
      [{ action: 'revoke', digest, ...(env ? { env } : {}), cause: 'manual', reason, actor }],
      (c) => ({ outbox: this.ticketsFor(c, context) }),
    );
    return result('revoke', digest, env, changes);
  }

  async reinstate(input: RevocationInput, actor: string): Promise<RevocationResult> {
    const { digest, env, reason } = await this.validate(input);
    const changes = await this.revocations.apply([
      { action: 'reinstate', digest, ...(env ? { env } : {}), reason, actor },
    ]);
    if (changes.length === 0) {
      // Only the ancestor's revocation can be ended; ending its copy here would hide why the digest is unsafe.
      const inherited = (await this.revocations.listActive({ digests: [digest] })).find(
        (r) => r.cause === 'lineage' && (env === undefined || r.env === undefined || r.env === env),
      );
      if (inherited)
        throw new RevocationError(
          'REVOKED_BY_ANCESTOR',
          `${digest} is revoked through its ancestor ${inherited.inheritedFrom} (${inherited.rootCause ?? 'revoked'}: ${inherited.reason}; chain ${inherited.chain.join(' → ')}); reinstate ${inherited.inheritedFrom} instead`,
          { path: 'digest' },
        );
    }
    return result('reinstate', digest, env, changes);
  }

  async lineage(digestText: unknown): Promise<LineageReport> {
    const digest = parseDigest(digestText);
    const view = await this.revocations.lineage(digest);
    if (!view) throw unknown(digest);
    const entry = (n: LineageNode): LineageEntry => ({ ...n, promotable: n.revocations.length === 0 });
    return {
      digest,
      name: view.name,
      promotable: view.revocations.length === 0,
      revocations: view.revocations,
      ancestors: view.ancestors.map(entry),
      descendants: view.descendants.map(entry),
    };
  }

  private async validate(input: RevocationInput): Promise<{ digest: Digest; env?: string; reason: string }> {
    const digest = parseDigest(input.digest);
    if (
      input.reason === undefined ||
      input.reason === null ||
      (typeof input.reason === 'string' && !input.reason.trim())
    )
      throw new RevocationError('REASON_MISSING', 'a reason is required: say why (it is recorded in the ledger)', {
        path: 'reason',
      });
    if (typeof input.reason !== 'string' || input.reason.length > MAX_REASON)
      throw new RevocationError('REVOCATION_INVALID', `reason must be text of at most ${MAX_REASON} characters`, {
        path: 'reason',
      });
    if (CONTROL.test(input.reason))
      throw new RevocationError('REVOCATION_INVALID', 'reason holds a control character (only tab and newline)', {
        path: 'reason',
      });
    let env: string | undefined;
    if (input.env !== undefined && input.env !== null) {
      if (typeof input.env !== 'string')
        throw new RevocationError('REVOCATION_INVALID', 'env must be an environment name', { path: 'env' });
      profileFor(this.policies.current().policy.gates, input.env); // ENVIRONMENT_UNKNOWN (400) otherwise
      env = input.env;
    }
    if (!(await this.store.getArtifact(digest))) throw unknown(digest);
    return { digest, ...(env ? { env } : {}), reason: input.reason.trim() };
  }

  /** Names and earlier outcomes of the digest and its descendants, read before the transaction. */
  private async ticketContext(digest: Digest): Promise<TicketContext> {
    const view = await this.revocations.lineage(digest);
    const nodes = view ? [{ digest, name: view.name }, ...view.descendants] : [];
    const names = new Map(nodes.map((n) => [n.digest, n.name]));
    const envs = Object.keys(this.policies.current().policy.gates.environments);
    const allowed = new Set<string>();
    for (const n of nodes.slice(0, MAX_TICKET_LOOKUPS))
      for (const env of envs)
        if ((await this.store.lastDecision(n.digest, env))?.decision.allow) allowed.add(`${n.digest}|${env}`);
    return {
      names: (d) => {
        const name = names.get(d);
        return name ? [name] : [];
      },
      allowedBefore: (d, env) => (env ? allowed.has(`${d}|${env}`) : envs.some((e) => allowed.has(`${d}|${e}`))),
    };
  }
}

function unknown(digest: Digest): RevocationError {
  return new RevocationError('ARTIFACT_UNKNOWN', `${digest} is not in the store; ingest its evidence first`, {
    path: 'digest',
  });
}

function result(
  action: 'revoke' | 'reinstate',
  digest: Digest,
  env: string | undefined,
  changes: readonly RevocationChange[],
): RevocationResult {
  return {
    action,
    digest,
    ...(env ? { env } : {}),
    changed: changes.length > 0,
    changes: changes.map((c) => c.revocation),
  };
}

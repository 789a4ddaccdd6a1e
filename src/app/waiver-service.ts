import { randomBytes } from 'node:crypto';
import { schemaValidator } from '../formats/json-schema.js';
import { formatDuration, parseDuration } from '../policy/duration.js';
import { isWaiverActive, WAIVER_FIELDS, WAIVER_SELECTOR_REQUIRED } from '../policy/waivers.js';
import type { Waiver } from '../domain/waiver.js';
import { purlProblem } from '../vuln/purl-selector.js';
import type { WaiverRepository } from '../domain/ports.js';
import type { PolicySource } from './policy-source.js';
import { WaiverError } from './waiver-error.js';

/** A waiver request from the API or CLI. Attacker-controlled (request body) until validated. */
export interface WaiverRequest {
  advisory?: string;
  digest?: string;
  purl?: string;
  owner: string;
  reason: string;
  /** `7d`, `48h`, …; at most gates.yaml waivers.max_ttl. */
  ttl: string;
}

export type WaiverStatus = 'active' | 'expired' | 'pending';
export type WaiverView = Waiver & { status: WaiverStatus };

/** The waivers.yaml fields minus what the service sets itself (id, created): one definition, policy/waivers.ts. */
export const WAIVER_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['owner', 'reason', 'ttl'],
  anyOf: WAIVER_SELECTOR_REQUIRED,
  properties: WAIVER_FIELDS,
} as const;

const requestSchema = schemaValidator(WAIVER_REQUEST_SCHEMA);

/** Schema check of a waiver request; fails closed with the JSON pointer of the offending field. */
export function parseWaiverRequest(value: unknown): WaiverRequest {
  const e = requestSchema.firstIssue(value);
  if (e !== undefined) {
    const path = e.path || '/';
    const detail =
      e.keyword === 'anyOf'
        ? 'a waiver needs at least one of advisory, digest, purl'
        : e.keyword === 'additionalProperties'
          ? `unknown field "${e.key}"`
          : e.keyword === 'pattern' && path === '/ttl'
            ? 'must be a duration greater than zero, like 7d, 48h or 90m (a 0d waiver would be expired when created)'
            : e.reason;
    throw new WaiverError('WAIVER_INVALID', `${path}: ${detail}`, { path });
  }
  const req = value as unknown as WaiverRequest;
  const bad = req.purl === undefined ? undefined : purlProblem(req.purl);
  if (bad !== undefined)
    throw new WaiverError('WAIVER_INVALID', `/purl: not a package URL (${bad})`, { path: '/purl' });
  return req;
}

/** Pure: a waiver is pending before `created`, active until `expires`, expired after. */
export function waiverStatus(w: Waiver, now: Date): WaiverStatus {
  if (isWaiverActive(w, now)) return 'active';
  return Date.parse(w.created) > now.getTime() ? 'pending' : 'expired';
}

/** Pure: active waivers that expire within `withinMs` of `now`, soonest first. */
export function waiversDue(waivers: readonly Waiver[], now: Date, withinMs: number): WaiverView[] {
  const end = now.getTime() + withinMs;
  return waivers
    .filter((w) => isWaiverActive(w, now) && Date.parse(w.expires) <= end)
    .sort((a, b) => Date.parse(a.expires) - Date.parse(b.expires) || (a.id < b.id ? -1 : 1))
    .map((w) => ({ ...w, status: 'active' as const }));
}

/**
 * The waiver registry's use cases: add (TTL capped by waivers.max_ttl, times from the injected
 * clock), list file and API waivers together, list those due, remove an API waiver.
 */
export class WaiverService {
  constructor(
    private readonly store: WaiverRepository,
    private readonly policies: PolicySource,
    private readonly clock: () => Date,
    private readonly newId: () => string = () => `w-${randomBytes(6).toString('hex')}`,
  ) {}

  /** `actor`: who asks (a token label, `cli`), recorded with the waiver and in its ledger entry. */
  async add(input: unknown, actor: string): Promise<WaiverView> {
    const req = parseWaiverRequest(input);
    const maxTtl = this.policies.current().policy.gates.waivers.max_ttl;
    const ttlMs = parseDuration(req.ttl, 'ttl');
    const maxMs = parseDuration(maxTtl, 'waivers.max_ttl');
    if (ttlMs > maxMs) {
      throw new WaiverError(
        'WAIVER_TTL_TOO_LONG',
        `ttl ${req.ttl} exceeds waivers.max_ttl ${maxTtl}; use at most ${formatDuration(maxMs)} and renew it when it ends`,
        { path: '/ttl' },
      );
    }
    const now = this.clock();
    const waiver: Waiver = {
      id: this.newId(),
      ...(req.advisory !== undefined ? { advisory: req.advisory } : {}),
      ...(req.digest !== undefined ? { digest: req.digest } : {}),
      ...(req.purl !== undefined ? { purl: req.purl } : {}),
      owner: req.owner,
      reason: req.reason,
      created: now.toISOString(),
      expires: new Date(now.getTime() + ttlMs).toISOString(),
      source: 'api',
    };
    await this.store.add(waiver, actor);
    return { ...waiver, status: waiverStatus(waiver, now) };
  }

  /** File waivers and API waivers, each with its status at the injected time. */
  async list(): Promise<WaiverView[]> {
    const now = this.clock();
    return (await this.all()).map((w) => ({ ...w, status: waiverStatus(w, now) }));
  }

  /** The window `due` looks ahead when the caller names none: gates.yaml waivers.remind_before. */
  remindBefore(): string {
    return this.policies.current().policy.gates.waivers.remind_before;
  }

  async due(within: string): Promise<WaiverView[]> {
    return waiversDue(await this.all(), this.clock(), parseDuration(within, 'within'));
  }

  async remove(id: string, actor: string): Promise<void> {
    if (await this.store.remove(id, this.clock(), actor)) return;
    if (this.policies.current().waivers.some((w) => w.id === id)) {
      throw new WaiverError(
        'WAIVER_IN_FILE',
        `waiver ${id} comes from ${this.policies.names.waivers}; remove it there`,
      );
    }
    throw new WaiverError('WAIVER_NOT_FOUND', `no waiver ${id}`);
  }

  private async all(): Promise<Waiver[]> {
    return [...this.policies.current().waivers, ...(await this.store.list())];
  }
}

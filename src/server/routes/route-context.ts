import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdmissionReview } from '../../app/admission-review.js';
import type { Approvals } from '../../app/approvals/approvals-module.js';
import type { GateService } from '../../app/gate-service.js';
import type { LedgerService } from '../../app/ledger-service.js';
import type { RevocationService } from '../../app/revocation-service.js';
import type { WaiverService } from '../../app/waiver-service.js';
import type { WatchFiguresSource } from '../../app/watch-figures.js';
import type { EventRepository } from '../../domain/events.js';
import type { AccessControl } from '../../app/identity/access-control.js';
import type { Principal } from '../../domain/principal.js';
import type { AccessGuard } from '../hooks/access-guard.js';
import type { FlaggerAuthenticator } from '../hooks/flagger-auth.js';
import type { AdmissionAuthenticator } from '../hooks/admission-auth.js';
import type { ServerMetrics } from '../metrics.js';

/**
 * The use cases the routes call, as the composition root (app/installation.ts) built them; an
 * Installation is one. Routes reach nothing else: no store, no policy files, no constructors.
 */
export interface RouteServices {
  /** Verify, ingest, artifacts, decisions, readiness. */
  gate: GateService;
  waivers: WaiverService;
  /**
   * Checkpoints and proofs. A stored checkpoint is checked with the installation's vkeys when it
   * has them (a note altered in the database is refused), else served as stored for clients to
   * verify. The routes never sign: the schedule of `mc serve` does.
   */
  ledger: LedgerService;
  /** Manual revoke / reinstate and the lineage report. */
  revocations: RevocationService;
  /** What the integrations saw (Flagger hooks, admission decisions, verify calls naming a workload). */
  events: EventRepository;
  /** The validating admission webhook (namespace → environment settings included). */
  admission: AdmissionReview;
  /** The watch, revocation and outbox figures /metrics derives from the store at scrape time. */
  figures?: Pick<WatchFiguresSource, 'read'>;
  /** Identity (tokens, OIDC) and access.yaml; absent: behaviour as before access rules existed. */
  access?: AccessControl;
  /** Approvals, exceptions, the SEV-1 bypass and WebAuthn ceremonies (absent: those routes are not served). */
  approvals?: Approvals;
}

/**
 * What every route module gets: the app, the use cases, metrics, and the access guard: each route
 * declares its action with `guard(action, …)` (onRequest), the fields each role sees with `fields`.
 */
export interface RouteContext extends RouteServices, AccessGuard {
  app: FastifyInstance;
  metrics: ServerMetrics;
  /**
   * The bearer-token check of mutating endpoints: 401 without a token, 403 for a rejected one.
   * An onRequest hook (buildApp refuses it in a later hook): it runs before the body is read.
   * JSON routes pass it to jsonRoute (json-body.ts).
   */
  requireToken: (req: FastifyRequest) => Promise<void>;
  /** The label of this request's principal (`token:<8 hex>`, `oidc:…`): the actor of audit records, never a body field. */
  actorOf: (req: FastifyRequest) => string;
  /** The principal of this request (undefined for an anonymous read without access rules). */
  principalOf: (req: FastifyRequest) => Principal | undefined;
  /** The evidence upload limit (MC_BODY_LIMIT); every other route takes its limit from BODY_LIMITS. */
  evidenceBodyLimit: number;
  /** The admission webhook's bearer check: MC_ADMISSION_TOKENS (role `admission`) or MC_API_TOKENS. */
  admissionAuth: AdmissionAuthenticator;
  /** The Flagger hooks' check: Flagger sends no headers, so its token comes in the payload's metadata. */
  flaggerAuth: FlaggerAuthenticator;
}

/** A route module: registers its routes. One file per area (verify, evidence, ledger, waivers, …). */
export type RouteModule = (ctx: RouteContext) => void;

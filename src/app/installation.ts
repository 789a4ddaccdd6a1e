import { existsSync } from 'node:fs';
import { clockOf, policyFileNames, type Config } from '../config/config.js';
import type { Clock } from '../domain/clock.js';
import { isDigest } from '../domain/digest.js';
import { readNoteKeys, readVerifierKeys } from './note-key-file.js';
import type { NoteSigner, NoteVerifier } from '../ledger/note-key.js';
import { AdvisoryStore } from '../store/advisory-store.js';
import { EventStore } from '../store/event-store.js';
import type { EventRepository } from '../domain/events.js';
import type { Subscription } from '../store/dialect/notify.js';
import type { LeaseRepository } from '../domain/lease.js';
import type { OutboxRepository } from '../domain/outbox.js';
import { LeaseStore } from '../store/lease-store.js';
import { LedgerStore } from '../store/ledger-store.js';
import { EventFigures } from '../store/event-figures.js';
import { OutboxStore } from '../store/outbox-store.js';
import { WatchFiguresSource } from './watch-figures.js';
import { revocationTickets, type TicketsFor } from './revocation-tickets.js';
import { openStore } from '../store/open-store.js';
import type { ReleaseStore } from '../store/release-store.js';
import { WaiverStore } from '../store/waiver-store.js';
import { RevocationStore } from '../store/revocation-store.js';
import type { RevocationRepository } from '../domain/revocation.js';
import { RevocationService } from './revocation-service.js';
import { AdmissionReview } from './admission-review.js';
import { EventBatch } from './event-batch.js';
import { AdvisoryProvider } from './advisory-provider.js';
import { CveWatch } from './cve-watch.js';
import { ComponentIndex } from '../store/component-index.js';
import { AdvisorySourceStateStore } from '../store/advisory-source-state-store.js';
import { GateService } from './gate-service.js';
import { LedgerService } from './ledger-service.js';
import { PolicySource } from './policy-source.js';
import { configuredProviders } from './providers.js';
import type { SnapshotProviders } from './snapshot-builder.js';
import { WaiverService } from './waiver-service.js';
import { composeApprovals, type Approvals } from './approvals/approvals-module.js';
import type { AccessControl } from './identity/access-control.js';
import { composeAccess } from './identity/compose-access.js';

/**
 * Everything one `mc` installation is made of, wired once. The CLI, `mc serve`, the demo and the
 * route modules take what they need from here and build nothing themselves.
 */
export interface Installation {
  config: Config;
  clock: Clock;
  store: ReleaseStore;
  policies: PolicySource;
  gate: GateService;
  waivers: WaiverService;
  advisories: AdvisoryStore;
  /** What the watchers and integrations did, and why (`mc events`, `GET /v1/events`, metrics). */
  events: EventRepository;
  /** The Kubernetes validating admission webhook's use case (POST /v1/admission/validate). */
  admission: AdmissionReview;
  /** Periodic jobs run on one replica at a time (app/periodic-job.ts). */
  leases: LeaseRepository;
  /** Webhook messages written with the state change that causes them, delivered at least once. */
  outbox: OutboxRepository;
  /** Tickets for new revocations (MC_TICKET_WEBHOOK_URL; none when unset), written in the revocation's transaction. */
  tickets: TicketsFor;
  /** Watch, revocation and outbox figures for /metrics, read from the store at scrape time. */
  figures: WatchFiguresSource;
  /** The CVE watch: `mc watch cve`, and `mc serve` when MC_CVE_WATCH_SOURCES is set. */
  cveWatch: CveWatch;
  /** Manual revoke / reinstate and the lineage report (`mc revoke`, `POST /v1/revocations`, …). */
  revocations: RevocationService;
  /** The revocations themselves, per (digest, environment): what the watchers revoke and reinstate through. */
  revocationRepository: RevocationRepository;
  /** Session-bound approvals, exceptions, the SEV-1 bypass quorum and step-up (WebAuthn). */
  approvals: Approvals;
  /** Who is calling (tokens, OIDC) and what access.yaml lets them do and see. */
  access: AccessControl;
  /** Proofs and verification always; signing only where the private note key exists. */
  ledger: LedgerService;
  /** The ledger's key material as found (`.mc/ledger.key`, `.mc/ledger.vkeys`). */
  ledgerKeys: { signer?: NoteSigner; verifiers: readonly NoteVerifier[] };
  /** Other replicas' writes reaching the decision cache (PostgreSQL, when `listen` was asked for). */
  notifications?: Pick<Subscription, 'ready'>;
  close(): Promise<void>;
}

export interface InstallationOptions {
  /** How often gates.yaml / waivers.yaml are re-checked (ms). `mc serve`: 1000; one-shot CLI runs: 0. */
  policyRecheckMs?: number;
  /**
   * Replaces the configured trust and SLO providers (tests, and runs that must not read them).
   * Advisory matching is always wired unless `advisories` is given here.
   */
  providers?: SnapshotProviders;
  /** Waiver ids (tests pin them). */
  newWaiverId?: () => string;
  /**
   * LISTEN for other replicas' writes (`mc serve`): each one clears the decision cache at once
   * instead of after the generation re-check. One connection; PostgreSQL only.
   */
  listen?: boolean;
}

/** Opens the configured store (applying migrations) and wires the installation around it. */
export async function openInstallation(
  config: Config,
  clock: Clock = clockOf(config),
  options: InstallationOptions = {},
): Promise<Installation> {
  const store = await openStore(config, clock);
  try {
    return composeInstallation(config, clock, store, options);
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** The composition root: the one place collaborators are constructed and handed to each other. */
export function composeInstallation(
  config: Config,
  clock: Clock,
  store: ReleaseStore,
  options: InstallationOptions = {},
): Installation {
  const policies = new PolicySource(
    config.gatesFile,
    config.waiversFile,
    options.policyRecheckMs ?? 0,
    policyFileNames(config),
  );
  const advisories = new AdvisoryStore(store.engine);
  const waiverStore = new WaiverStore(store.engine);
  const configured = options.providers ?? configuredProviders(config, policies, clock, store);
  const revocationRepository = new RevocationStore(store.engine, clock);
  const approvals = composeApprovals({
    engine: store.engine,
    config: config.approvals,
    policies,
    clock,
    decisions: (digest, env) => store.listDecisions({ digest, env, limit: 1000 }),
  });
  const providers: SnapshotProviders = {
    // Always wired: the approvals gate reads redeemed approvals and exceptions; every gate an open bypass.
    ...approvals.providers,
    advisories: new AdvisoryProvider(advisories, clock).provide,
    ...configured,
  };
  const tickets = revocationTickets(config.ticketWebhookUrl);
  const access = composeAccess(config, clock, {
    namesOf: async (digest) => {
      const name = isDigest(digest) ? await store.artifactName(digest) : undefined;
      return name ? [name] : [];
    },
    record: (entries) => ledgerParts().service.append(entries),
    stepUp: approvals.stepUp,
    recheckMs: options.policyRecheckMs ?? 0,
  });
  const gate = new GateService({
    store,
    policies,
    clock,
    providers,
    waivers: waiverStore,
    generationRecheckMs: config.cacheRecheckMs,
    accessPolicyHash: () => access.policy()?.hash,
  });
  const notifications = options.listen ? store.engine.subscribeGeneration?.(() => gate.invalidate()) : undefined;
  const events = new EventStore(store.engine, clock);
  // The key files are read on first use: a command that never touches the ledger does not fail on them.
  let ledger: { keys: Installation['ledgerKeys']; service: LedgerService } | undefined;
  const ledgerParts = () => {
    if (ledger === undefined) {
      const keys = readLedgerKeys(config.ledgerKeyFile);
      ledger = { keys, service: new LedgerService(store, new LedgerStore(store.engine.db), keys, clock) };
    }
    return ledger;
  };
  return {
    config,
    clock,
    store,
    policies,
    gate,
    waivers: new WaiverService(waiverStore, policies, clock, options.newWaiverId),
    advisories,
    events,
    // Admission events are written in group commits: one transaction per burst of reviews.
    admission: new AdmissionReview({ gate, events: new EventBatch(events), settings: config.admission }),
    leases: new LeaseStore(store.engine),
    figures: new WatchFiguresSource({
      events: new EventFigures(store.engine),
      outbox: new OutboxStore(store.engine, clock),
      advisories,
      waivers: new WaiverService(waiverStore, policies, clock),
      clock,
    }),
    outbox: new OutboxStore(store.engine, clock),
    tickets,
    revocations: new RevocationService({ revocations: revocationRepository, store, policies, ticketsFor: tickets }),
    revocationRepository,
    approvals,
    access,
    cveWatch: new CveWatch({
      advisories,
      validators: new AdvisorySourceStateStore(store.engine),
      index: new ComponentIndex(store.engine),
      revocations: revocationRepository,
      policies,
      waivers: waiverStore,
      decisions: store,
      tickets,
      events,
      clock,
    }),
    get ledger() {
      return ledgerParts().service;
    },
    get ledgerKeys() {
      return ledgerParts().keys;
    },
    ...(notifications ? { notifications } : {}),
    close: async () => {
      await notifications?.close();
      await store.close();
    },
  };
}

/** Without the private key file (an auditor's copy) only the public vkeys are read: proofs and verify work, signing not. */
function readLedgerKeys(keyFile: string): { signer?: NoteSigner; verifiers: readonly NoteVerifier[] } {
  return existsSync(keyFile) ? readNoteKeys(keyFile) : { verifiers: readVerifierKeys(keyFile) };
}

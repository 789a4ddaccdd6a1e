import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readInputFile } from '../app/input-file.js';
import type { Clock } from '../domain/clock.js';
import { ConfigError } from '../domain/errors.js';
import { admissionConfig, type AdmissionConfig } from './admission-settings.js';
import { approvalConfig, type ApprovalConfig } from './approval-settings.js';
import { cveWatchConfig, type CveWatchConfig } from './cve-watch-settings.js';
import { identityConfig, type IdentityConfig } from './identity-settings.js';
import { webhookUrl } from './webhook-url.js';

/** A token file holds a few lines; a bound, so a wrong path (a device, a huge file) is refused. */
const MAX_TOKENS_FILE_BYTES = 1024 * 1024;

/**
 * All settings, declared once and resolved at the edge into a fully-defaulted object
 * (flags > MC_* environment > defaults). The core never reads process.env.
 */
export interface Config {
  /** Working directory: `policy/` and `SECURITY/` live here. */
  workDir: string;
  /** State directory (`.mc/`, MC_HOME overrides): the SQLite file and keys. */
  home: string;
  /** postgres://… when set; otherwise SQLite at `${home}/mc.db`. */
  databaseUrl?: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  gatesFile: string;
  waiversFile: string;
  /** SECURITY/trust-policy.yaml: pinned roots and keys, accepted identities per environment. */
  trustPolicyFile: string;
  /** Ed25519 note key of the ledger (C2SP signed-note skey), mode 0600. */
  ledgerKeyFile: string;
  apiTokens: string[];
  /** MC_FLAGGER_TOKENS (comma-separated): tokens that open the Flagger hooks and nothing else. */
  flaggerTokens: string[];
  bodyLimitBytes: number;
  prometheusUrl?: string;
  /** How long a cached decision is trusted before the store's generation is re-read (other replicas' writes). */
  cacheRecheckMs: number;
  /** The admission webhook's namespace → environment map and default environment. */
  admission: AdmissionConfig;
  /** Where tickets for new revocations are POSTed (MC_TICKET_WEBHOOK_URL); unset: no tickets. */
  ticketWebhookUrl?: string;
  /** Where reminders of waivers about to expire are POSTed (MC_REMINDER_WEBHOOK_URL); unset: none. */
  reminderWebhookUrl?: string;
  /** How long a background job's lease outlives its holder's last renewal (MC_LEASE_TTL_MS): how long a killed replica can hold up its jobs. */
  leaseTtlMs: number;
  /** The CVE watch's sources and interval (MC_CVE_WATCH_SOURCES, MC_CVE_WATCH_INTERVAL). */
  cveWatch: CveWatchConfig;
  /** The WebAuthn relying party and approval tokens (MC_WEBAUTHN_RP_ID, MC_PUBLIC_URL, MC_APPROVAL_*). */
  approvals: ApprovalConfig;
  /** access.yaml, the labelled tokens file and the OIDC issuer (MC_ACCESS_*, MC_OIDC_*). */
  identity: IdentityConfig;
  /** MC_NOW: the clock pinned to this instant (reproducible runs, tests); absent means the wall clock. */
  fixedNow?: Date;
}

/** The clock of an installation: MC_NOW when pinned, the wall clock otherwise. */
export function clockOf(config: Pick<Config, 'fixedNow'>): Clock {
  const fixed = config.fixedNow?.getTime();
  return fixed === undefined ? () => new Date() : () => new Date(fixed);
}

/** A date, or a date-time with its zone (Z or an offset): a time without a zone would depend on the machine. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * MC_NOW must be ISO 8601; anything else is a configuration error (exit 2), never a guess:
 * Date.parse alone takes "12" or "May 1" too.
 */
/** MC_NOW alone, for commands that need the clock and nothing else of the configuration. */
export function fixedNowFromEnv(env: NodeJS.ProcessEnv): Date | undefined {
  return env.MC_NOW === undefined || env.MC_NOW === '' ? undefined : parseNow(env.MC_NOW);
}

function parseNow(text: string): Date {
  const t = ISO_8601.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(t))
    throw new ConfigError(
      'MC_NOW_INVALID',
      `MC_NOW must be an ISO 8601 time like 2026-11-22T10:00:00Z, got ${JSON.stringify(text.slice(0, 60))}`,
      { path: 'MC_NOW' },
    );
  return new Date(t);
}

/** A whole number of milliseconds ≥ 0 from the environment, or a ConfigError naming the variable. */
function parseMs(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d{1,12}$/.test(text) || !Number.isSafeInteger(n))
    throw new ConfigError(
      'CONFIG_INVALID',
      `${name} must be a whole number of milliseconds, got ${JSON.stringify(text.slice(0, 40))}`,
      { path: name },
    );
  return n;
}

export function resolveConfig(processEnv: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // An empty variable means "unset", as shells and CI systems often export them empty.
  const env = Object.fromEntries(
    Object.entries(processEnv).filter(([, v]) => v !== undefined && v !== ''),
  ) as NodeJS.ProcessEnv;
  const workDir = resolve(overrides.workDir ?? env.MC_WORKDIR ?? process.cwd());
  const home = resolve(workDir, overrides.home ?? env.MC_HOME ?? '.mc');
  const sync = (env.MC_SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL')
    throw new ConfigError('CONFIG_INVALID', `MC_SQLITE_SYNCHRONOUS must be NORMAL or FULL, got ${sync}`);
  const bodyLimit = Number(env.MC_BODY_LIMIT ?? 64 * 1024 * 1024);
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0)
    throw new ConfigError('CONFIG_INVALID', `MC_BODY_LIMIT must be a positive number of bytes`);
  const databaseUrl = overrides.databaseUrl ?? env.MC_DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'CONFIG_INVALID',
      'MC_DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite store)',
    );
  }
  const prometheusUrl = overrides.prometheusUrl ?? env.MC_PROMETHEUS_URL;
  if (prometheusUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(prometheusUrl)) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `MC_PROMETHEUS_URL must be an http:// or https:// URL, got ${JSON.stringify(prometheusUrl.slice(0, 80))}`,
      { path: 'MC_PROMETHEUS_URL' },
    );
  }
  const fixedNow = overrides.fixedNow ?? fixedNowFromEnv(env);
  const ticketWebhookUrl = webhookUrl('MC_TICKET_WEBHOOK_URL', overrides.ticketWebhookUrl ?? env.MC_TICKET_WEBHOOK_URL);
  const reminderWebhookUrl = webhookUrl(
    'MC_REMINDER_WEBHOOK_URL',
    overrides.reminderWebhookUrl ?? env.MC_REMINDER_WEBHOOK_URL,
  );
  return {
    workDir,
    home,
    ...(databaseUrl ? { databaseUrl } : {}),
    sqliteSynchronous: sync,
    gatesFile: overrides.gatesFile ?? join(workDir, 'policy', 'data', 'gates.yaml'),
    waiversFile: overrides.waiversFile ?? join(workDir, 'policy', 'waivers.yaml'),
    trustPolicyFile: overrides.trustPolicyFile ?? env.MC_TRUST_POLICY ?? join(workDir, 'SECURITY', 'trust-policy.yaml'),
    ledgerKeyFile: overrides.ledgerKeyFile ?? join(home, 'ledger.key'),
    apiTokens: overrides.apiTokens ?? readTokens(env),
    flaggerTokens: overrides.flaggerTokens ?? tokenList(env.MC_FLAGGER_TOKENS, 'MC_FLAGGER_TOKENS'),
    bodyLimitBytes: overrides.bodyLimitBytes ?? bodyLimit,
    ...(prometheusUrl ? { prometheusUrl } : {}),
    cacheRecheckMs: overrides.cacheRecheckMs ?? parseMs('MC_CACHE_RECHECK_MS', env.MC_CACHE_RECHECK_MS, 1000),
    admission: overrides.admission ?? admissionConfig(env),
    cveWatch: overrides.cveWatch ?? cveWatchConfig(env),
    identity: overrides.identity ?? identityConfig(env, workDir),
    approvals: overrides.approvals ?? approvalConfig(env),
    ...(ticketWebhookUrl ? { ticketWebhookUrl } : {}),
    ...(reminderWebhookUrl ? { reminderWebhookUrl } : {}),
    leaseTtlMs: overrides.leaseTtlMs ?? leaseTtl(env.MC_LEASE_TTL_MS),
    ...(fixedNow ? { fixedNow } : {}),
  };
}

/**
 * A comma-separated token list. Flagger tokens travel in Canary specs (Flagger sends no headers),
 * so they get their own variable: such a token opens the Flagger hooks and nothing else.
 */
function tokenList(text: string | undefined, name: string): string[] {
  const tokens = (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.some((t) => t.length < 16))
    throw new ConfigError('CONFIG_INVALID', `every token in ${name} must be at least 16 characters`, { path: name });
  // An unexpanded `${VAR}` would match the same placeholder left in a Canary spec.
  if (tokens.some((t) => /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(t)))
    throw new ConfigError('CONFIG_INVALID', `${name} holds an unexpanded placeholder, not a token`, { path: name });
  return tokens;
}

/** A lease renewed every third of its period must outlive a slow query: at least 300 ms. */
function leaseTtl(text: string | undefined): number {
  const ms = parseMs('MC_LEASE_TTL_MS', text, 30_000);
  if (ms < 300)
    throw new ConfigError('CONFIG_INVALID', `MC_LEASE_TTL_MS must be at least 300 milliseconds, got ${ms}`, {
      path: 'MC_LEASE_TTL_MS',
    });
  return ms;
}

/** MC_API_TOKENS (comma-separated) and/or MC_API_TOKENS_FILE (one token per line, # comments). */
function readTokens(env: NodeJS.ProcessEnv): string[] {
  const tokens = (env.MC_API_TOKENS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const file = env.MC_API_TOKENS_FILE;
  if (file) {
    if (!existsSync(file)) throw new ConfigError('CONFIG_INVALID', `MC_API_TOKENS_FILE ${file} does not exist`);
    let text: string;
    try {
      text = Buffer.from(readInputFile(file, MAX_TOKENS_FILE_BYTES, 'MC_API_TOKENS_FILE')).toString('utf8');
    } catch (e) {
      throw new ConfigError('CONFIG_INVALID', (e as Error).message, { path: 'MC_API_TOKENS_FILE', cause: e });
    }
    for (const line of text.split('\n')) {
      const t = line.trim();
      if (t && !t.startsWith('#')) tokens.push(t);
    }
  }
  for (const t of tokens) {
    if (t.length < 16) throw new ConfigError('CONFIG_INVALID', 'every API token must be at least 16 characters');
  }
  return tokens;
}

/**
 * How a file of the installation is named in messages that may reach unauthenticated clients
 * (decision reasons, /readyz): relative to the working directory, or only its base name when it
 * lives elsewhere — never an absolute server path.
 */
export function nameInInstallation(workDir: string, file: string): string {
  const rel = relative(workDir, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? basename(file) : rel.split(sep).join('/');
}

/** The policy files' names for messages (see nameInInstallation). */
export function policyFileNames(config: Config): { gates: string; waivers: string } {
  return {
    gates: nameInInstallation(config.workDir, config.gatesFile),
    waivers: nameInInstallation(config.workDir, config.waiversFile),
  };
}

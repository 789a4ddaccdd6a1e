import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readInputFile } from '../app/input-file.js';
import { ConfigError } from '../domain/errors.js';

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
  bodyLimitBytes: number;
  prometheusUrl?: string;
  /** How long a cached decision is trusted before the store's generation is re-read (other replicas' writes). */
  cacheRecheckMs: number;
}

export function resolveConfig(processEnv: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // An empty variable means "unset", as shells and CI systems often export them empty.
  const env = Object.fromEntries(Object.entries(processEnv).filter(([, v]) => v !== undefined && v !== '')) as NodeJS.ProcessEnv;
  const workDir = resolve(overrides.workDir ?? env.MC_WORKDIR ?? process.cwd());
  const home = resolve(workDir, overrides.home ?? env.MC_HOME ?? '.mc');
  const sync = (env.MC_SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new ConfigError('CONFIG_INVALID', `MC_SQLITE_SYNCHRONOUS must be NORMAL or FULL, got ${sync}`);
  const bodyLimit = Number(env.MC_BODY_LIMIT ?? 64 * 1024 * 1024);
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) throw new ConfigError('CONFIG_INVALID', `MC_BODY_LIMIT must be a positive number of bytes`);
  const databaseUrl = overrides.databaseUrl ?? env.MC_DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('CONFIG_INVALID', 'MC_DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite store)');
  }
  const prometheusUrl = overrides.prometheusUrl ?? env.MC_PROMETHEUS_URL;
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
    bodyLimitBytes: overrides.bodyLimitBytes ?? bodyLimit,
    ...(prometheusUrl ? { prometheusUrl } : {}),
    cacheRecheckMs: overrides.cacheRecheckMs ?? Number(env.MC_CACHE_RECHECK_MS ?? 1000),
  };
}

/** MC_API_TOKENS (comma-separated) and/or MC_API_TOKENS_FILE (one token per line, # comments). */
function readTokens(env: NodeJS.ProcessEnv): string[] {
  const tokens = (env.MC_API_TOKENS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
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
  return { gates: nameInInstallation(config.workDir, config.gatesFile), waivers: nameInInstallation(config.workDir, config.waiversFile) };
}

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from '../oci/registry-error.js';
import type { CredentialSource, RegistryCredentials } from './registry-auth.js';

/** The parts of ~/.docker/config.json every OCI tool reads for registry credentials. */
interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const MAX_CONFIG_BYTES = 1024 * 1024;
const HELPER_TIMEOUT_MS = 15_000;
const HELPER_MAX_OUTPUT = 64 * 1024;
/** Docker Hub's credentials are filed under its old index URL. */
const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

export type HelperRunner = (helper: string, registry: string) => Promise<string>;

/** `docker-credential-<name> get` with the server URL on stdin (docker-credential-helpers protocol). */
export const runCredentialHelper: HelperRunner = (helper, registry) =>
  new Promise((resolve, reject) => {
    if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
      reject(
        new RegistryError('CREDENTIALS_UNAVAILABLE', `credential helper name ${JSON.stringify(helper)} is not valid`),
      );
      return;
    }
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { timeout: HELPER_TIMEOUT_MS, maxBuffer: HELPER_MAX_OUTPUT },
      (err, stdout, stderr) => {
        if (err === null) return resolve(stdout);
        // "credentials not found" is the protocol's way of saying: anonymous.
        if (/not found/i.test(`${stdout}${stderr}`)) return resolve('');
        reject(
          new RegistryError(
            'CREDENTIALS_UNAVAILABLE',
            `docker-credential-${helper} failed for ${registry}: ${String(stderr || err.message).slice(0, 200)}`,
          ),
        );
      },
    );
    child.stdin?.end(registry);
  });

/**
 * Credentials for a registry from a Docker config file, as docker, crane and oras find them:
 * `credHelpers[host]`, then `auths[host]`, then the `credsStore` helper. A missing file is no
 * credentials (anonymous); an unreadable or malformed one is an error (fail closed).
 */
export function dockerConfigCredentials(
  configPath = join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json'),
  runHelper: HelperRunner = runCredentialHelper,
): CredentialSource {
  return async (registry) => {
    const config = readConfig(configPath);
    if (config === undefined) return undefined;
    const keys = registry === 'docker.io' ? [...HUB_KEYS] : [registry, `https://${registry}`, `http://${registry}`];
    const helper = keys.map((k) => config.credHelpers?.[k]).find((h) => h !== undefined);
    if (helper !== undefined)
      return fromHelper(await runHelper(helper, registry === 'docker.io' ? HUB_KEYS[0]! : registry), registry);
    // `docker login` may file a registry under a URL (`https://host/v1/`): compare hosts, as docker does.
    const auths = Object.entries(config.auths ?? {});
    for (const k of keys) {
      const entry = config.auths?.[k] ?? auths.find(([key]) => hostOf(key) === hostOf(k))?.[1];
      if (entry === undefined) continue;
      const fromAuths = decodeAuth(entry, registry, configPath);
      if (fromAuths !== undefined) return fromAuths;
    }
    if (config.credsStore !== undefined)
      return fromHelper(
        await runHelper(config.credsStore, registry === 'docker.io' ? HUB_KEYS[0]! : registry),
        registry,
      );
    return undefined;
  };
}

function readConfig(path: string): DockerConfig | undefined {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_CONFIG_BYTES)
      throw new RegistryError('CREDENTIALS_UNAVAILABLE', `${path} is over ${MAX_CONFIG_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e instanceof RegistryError
      ? e
      : new RegistryError('CREDENTIALS_UNAVAILABLE', `cannot read ${path}`, { cause: e });
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
    return json as DockerConfig;
  } catch (e) {
    throw new RegistryError('CREDENTIALS_UNAVAILABLE', `${path} is not a valid Docker config (JSON object)`, {
      cause: e,
    });
  }
}

function decodeAuth(
  entry: NonNullable<DockerConfig['auths']>[string],
  registry: string,
  path: string,
): RegistryCredentials | undefined {
  if (typeof entry.username === 'string' && typeof entry.password === 'string')
    return { username: entry.username, password: entry.password };
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon <= 0)
      throw new RegistryError(
        'CREDENTIALS_UNAVAILABLE',
        `${path}: auths[${registry}].auth is not base64 of user:password`,
      );
    return { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  return undefined;
}

function fromHelper(stdout: string, registry: string): RegistryCredentials | undefined {
  if (stdout.trim() === '') return undefined;
  let out: { Username?: unknown; Secret?: unknown };
  try {
    out = JSON.parse(stdout) as typeof out;
  } catch {
    throw new RegistryError('CREDENTIALS_UNAVAILABLE', `the credential helper's answer for ${registry} is not JSON`);
  }
  if (typeof out.Username !== 'string' || typeof out.Secret !== 'string')
    throw new RegistryError(
      'CREDENTIALS_UNAVAILABLE',
      `the credential helper's answer for ${registry} lacks Username/Secret`,
    );
  // `<token>` marks an OAuth identity (refresh) token; it is sent like a password to the token realm.
  return { username: out.Username, password: out.Secret };
}

/** The host[:port] of an auths key: `https://host:5000/v2/` → `host:5000`. */
function hostOf(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

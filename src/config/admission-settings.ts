import { ConfigError } from '../domain/errors.js';

/** How the admission webhook finds a namespace's environment beyond its webhook path (`/v1/admission/validate/<env>`). */
export interface AdmissionConfig {
  /** MC_ADMISSION_NAMESPACE_ENVS `ns=env,ns=env`: explicit, overrides the webhook path's environment. */
  namespaceEnvs: Record<string, string>;
  /** MC_ADMISSION_DEFAULT_ENV: the environment of any other namespace; unset: such namespaces are not judged. */
  defaultEnv?: string;
  /**
   * MC_ADMISSION_TOKENS (comma-separated, each ≥ 16 characters): bearer tokens that open the
   * admission webhook only, for the API server's admission kubeconfig. MC_API_TOKENS work too.
   */
  tokens: string[];
}

/** A namespace name is an RFC 1123 label (Kubernetes validation). */
const NAMESPACE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** As gates.yaml environment names are written; whether the environment exists is checked per request. */
const ENV = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function admissionConfig(env: {
  MC_ADMISSION_NAMESPACE_ENVS?: string;
  MC_ADMISSION_DEFAULT_ENV?: string;
  MC_ADMISSION_TOKENS?: string;
}): AdmissionConfig {
  const { MC_ADMISSION_NAMESPACE_ENVS: namespaceEnvs, MC_ADMISSION_DEFAULT_ENV: defaultEnv } = env;
  const map: Record<string, string> = {};
  for (const entry of (namespaceEnvs ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const [ns, env, extra] = entry.split('=').map((s) => s.trim());
    if (extra !== undefined || !ns || !env || !NAMESPACE.test(ns) || !ENV.test(env))
      throw new ConfigError(
        'CONFIG_INVALID',
        `MC_ADMISSION_NAMESPACE_ENVS takes namespace=environment pairs separated by commas, got ${JSON.stringify(entry.slice(0, 80))}`,
        { path: 'MC_ADMISSION_NAMESPACE_ENVS' },
      );
    if (Object.hasOwn(map, ns))
      throw new ConfigError('CONFIG_INVALID', `MC_ADMISSION_NAMESPACE_ENVS names namespace ${ns} twice`, {
        path: 'MC_ADMISSION_NAMESPACE_ENVS',
      });
    map[ns] = env;
  }
  if (defaultEnv !== undefined && !ENV.test(defaultEnv))
    throw new ConfigError(
      'CONFIG_INVALID',
      `MC_ADMISSION_DEFAULT_ENV must be an environment name, got ${JSON.stringify(defaultEnv.slice(0, 80))}`,
      { path: 'MC_ADMISSION_DEFAULT_ENV' },
    );
  const tokens = (env.MC_ADMISSION_TOKENS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.some((t) => t.length < 16 || !/^[\x21-\x7e]+$/.test(t)))
    throw new ConfigError(
      'CONFIG_INVALID',
      'every MC_ADMISSION_TOKENS token must be at least 16 printable characters',
      {
        path: 'MC_ADMISSION_TOKENS',
      },
    );
  return { namespaceEnvs: map, ...(defaultEnv !== undefined ? { defaultEnv } : {}), tokens };
}

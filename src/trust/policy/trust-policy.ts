import { isMap } from 'yaml';
import { keyPath, schemaValidator, type SchemaIssue, type SchemaValidator } from '../../formats/json-schema.js';
import { YamlSource } from '../../formats/yaml-source.js';
import { YamlSourceError } from '../../formats/yaml-source-error.js';
import { compileMatcher, type IdentityMatcher } from './identity-matcher.js';
import { TrustPolicyError } from './trust-policy-error.js';
import { TRUST_POLICY_SCHEMA } from './trust-policy-schema.js';

/** SECURITY/trust-policy.yaml, validated, with defaults filled in. Paths are relative to the policy file. */
export interface TrustPolicy {
  version: 1;
  roots: Array<{ name: string; trustedRoot: string; sha256?: string }>;
  keys: Array<{ name: string; pem: string; validFrom?: string; validUntil?: string }>;
  environments: Record<string, EnvironmentTrust>;
}

export interface EnvironmentTrust {
  /** Pinned roots accepted here; undefined = every pinned root. */
  roots?: string[];
  /** Pinned keys accepted here (none unless listed). */
  keys: string[];
  identities: Array<{ subject: IdentityMatcher; issuer: IdentityMatcher }>;
  builders: IdentityMatcher[];
  sourceRepositories: IdentityMatcher[];
  predicateTypes?: string[];
  tlogEntries: number;
  timestamps: number;
  sctEntries: number;
}

type RawEnv = {
  roots?: string[];
  keys?: string[];
  identities?: Array<{ subject: IdentityMatcher; issuer: IdentityMatcher }>;
  builders?: IdentityMatcher[];
  source_repositories?: IdentityMatcher[];
  predicate_types?: string[];
  tlog_entries?: number;
  timestamps?: number;
  sct_entries?: number;
};
type RawPolicy = {
  version: 1;
  roots?: Array<{ name: string; trusted_root: string; sha256?: string }>;
  keys?: Array<{ name: string; pem: string; valid_from?: string; valid_until?: string }>;
  environments: Record<string, RawEnv>;
};

const policySchema: SchemaValidator<RawPolicy> = schemaValidator(TRUST_POLICY_SCHEMA, { formats: 'standard' });

function describe(e: SchemaIssue): string {
  if (e.keyword === 'additionalProperties') return `${e.path || '(root)'}: unknown field ${JSON.stringify(e.key)}`;
  return `${e.path || '(root)'} ${e.reason}`;
}

/** Parses and validates trust-policy.yaml text. Pure: the caller reads the file. */
export function parseTrustPolicy(text: string | Uint8Array, source = 'trust-policy.yaml'): TrustPolicy {
  let yaml: YamlSource;
  try {
    // A trust policy needs few aliases; a lower bound than the gates files' keeps expansion small.
    yaml = YamlSource.parse(text, source, 20);
  } catch (e) {
    if (!(e instanceof YamlSourceError)) throw e;
    throw new TrustPolicyError('POLICY_YAML_INVALID', e.message, { path: e.path ?? source, cause: e });
  }
  const doc = yaml.doc;
  if (!isMap(doc.contents))
    throw new TrustPolicyError('POLICY_SCHEMA_INVALID', `${source}: must be a YAML mapping`, { path: source });
  /** `file:line:col` of the node at a JSON pointer; with `atKey`, of its key (point at the typo, not its value). */
  const at = (pointer: string, atKey = false): string => {
    const p = yaml.position(pointer, atKey);
    return `${source}:${p.line}:${p.column}`;
  };
  const raw = yaml.toJS();
  const unknownKey = (e: SchemaIssue): boolean => e.keyword === 'additionalProperties';
  policySchema.check(
    raw,
    (e) =>
      new TrustPolicyError('POLICY_SCHEMA_INVALID', `${source}: ${describe(e)}`, {
        path: unknownKey(e) ? at(keyPath(e), true) : at(e.path),
      }),
  );
  const policy = fromRaw(raw);
  checkReferences(policy, (pointer) => at(pointer), source);
  return policy;
}

function fromRaw(raw: RawPolicy): TrustPolicy {
  const environments: Record<string, EnvironmentTrust> = {};
  for (const [name, e] of Object.entries(raw.environments)) {
    const env: EnvironmentTrust = {
      keys: e.keys ?? [],
      identities: e.identities ?? [],
      builders: e.builders ?? [],
      sourceRepositories: e.source_repositories ?? [],
      tlogEntries: e.tlog_entries ?? 1,
      timestamps: e.timestamps ?? 1,
      sctEntries: e.sct_entries ?? 1,
    };
    if (e.roots !== undefined) env.roots = e.roots;
    if (e.predicate_types !== undefined) env.predicateTypes = e.predicate_types;
    environments[name] = env;
  }
  return {
    version: 1,
    roots: (raw.roots ?? []).map((r) =>
      r.sha256 === undefined
        ? { name: r.name, trustedRoot: r.trusted_root }
        : { name: r.name, trustedRoot: r.trusted_root, sha256: r.sha256 },
    ),
    keys: (raw.keys ?? []).map((k) => {
      const key: TrustPolicy['keys'][number] = { name: k.name, pem: k.pem };
      if (k.valid_from !== undefined) key.validFrom = k.valid_from;
      if (k.valid_until !== undefined) key.validUntil = k.valid_until;
      return key;
    }),
    environments,
  };
}

function checkReferences(p: TrustPolicy, at: (pointer: string) => string, source: string): void {
  const unique = (names: string[], field: string): Set<string> => {
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n))
        throw new TrustPolicyError(
          'POLICY_DUPLICATE_NAME',
          `${source}: ${field} name ${JSON.stringify(n)} is used twice`,
          { path: at(`/${field}/${i}/name`) },
        );
      seen.add(n);
    });
    return seen;
  };
  const checkRegexp = (m: IdentityMatcher, pointer: string): void => {
    try {
      compileMatcher(m, pointer);
    } catch (e) {
      throw new TrustPolicyError('REGEXP_INVALID', `${source}: ${(e as Error).message}`, {
        path: at(pointer),
        cause: e,
      });
    }
  };
  for (const [env, e] of Object.entries(p.environments)) {
    e.identities.forEach((id, i) => {
      checkRegexp(id.subject, `/environments/${env}/identities/${i}/subject`);
      checkRegexp(id.issuer, `/environments/${env}/identities/${i}/issuer`);
    });
    e.builders.forEach((m, i) => {
      checkRegexp(m, `/environments/${env}/builders/${i}`);
    });
    e.sourceRepositories.forEach((m, i) => {
      checkRegexp(m, `/environments/${env}/source_repositories/${i}`);
    });
  }
  const roots = unique(
    p.roots.map((r) => r.name),
    'roots',
  );
  const keys = unique(
    p.keys.map((k) => k.name),
    'keys',
  );
  for (const [env, e] of Object.entries(p.environments)) {
    (e.roots ?? []).forEach((r, i) => {
      if (!roots.has(r))
        throw new TrustPolicyError(
          'POLICY_REFERENCE_UNKNOWN',
          `${source}: environment ${env} names root ${JSON.stringify(r)}, which is not pinned`,
          { path: at(`/environments/${env}/roots/${i}`) },
        );
    });
    e.keys.forEach((k, i) => {
      if (!keys.has(k))
        throw new TrustPolicyError(
          'POLICY_REFERENCE_UNKNOWN',
          `${source}: environment ${env} names key ${JSON.stringify(k)}, which is not pinned`,
          { path: at(`/environments/${env}/keys/${i}`) },
        );
    });
  }
}

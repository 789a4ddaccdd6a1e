import { createHash } from 'node:crypto';
import { compileMatcher, type CompiledMatcher } from './identity-matcher.js';
import { parsePinnedKey, type PinnedKey } from '../material/pinned-key.js';
import type { TrustMaterialSet, VerificationRequirements } from '../material/trust-material.js';
import { TrustPolicyError } from './trust-policy-error.js';
import type { EnvironmentTrust, TrustPolicy } from './trust-policy.js';
import { parseTrustedRoot, type PinnedRoot } from '../material/trusted-root.js';

/** A trust policy with its pinned files read, digest-checked and parsed, and its environments resolved (do this once, reuse it). */
export interface LoadedTrust {
  policy: TrustPolicy;
  roots: ReadonlyMap<string, PinnedRoot>;
  keys: ReadonlyMap<string, PinnedKey>;
  /** Every environment with its matchers compiled: a verify only looks one up. */
  environments: ReadonlyMap<string, ResolvedEnvironment>;
}

/** What one environment accepts, ready for the verifiers and the gates. */
export interface ResolvedEnvironment {
  name: string;
  trust: TrustMaterialSet;
  requirements: VerificationRequirements;
  builders: readonly CompiledMatcher[];
  sourceRepositories: readonly CompiledMatcher[];
}

/**
 * Reads and parses every pinned root and key. `read` gets the path as written in the policy
 * (relative to the policy file) and returns its bytes; it is the only I/O, injected by the caller.
 */
export function loadTrust(policy: TrustPolicy, read: (path: string) => Uint8Array): LoadedTrust {
  const load = (path: string, what: string): Uint8Array => {
    try {
      return read(path);
    } catch (e) {
      // The system error's own message carries the absolute path; decision reasons must not.
      const why = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new TrustPolicyError(
        'POLICY_FILE_UNREADABLE',
        `cannot read ${what} ${JSON.stringify(path)} (relative to the trust policy): ${why}`,
        { path, cause: e },
      );
    }
  };
  const roots = new Map<string, PinnedRoot>();
  for (const r of policy.roots) {
    const bytes = load(r.trustedRoot, `trusted root ${r.name}`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (r.sha256 !== undefined && actual !== r.sha256) {
      throw new TrustPolicyError(
        'ROOT_DIGEST_MISMATCH',
        `trusted root ${r.name} (${r.trustedRoot}) has sha256 ${actual}, the policy pins ${r.sha256}`,
        { path: r.trustedRoot },
      );
    }
    roots.set(r.name, parseTrustedRoot(bytes, r.name));
  }
  const keys = new Map<string, PinnedKey>();
  for (const k of policy.keys) {
    const validFor: { start?: Date; end?: Date } = {};
    if (k.validFrom !== undefined) validFor.start = new Date(k.validFrom);
    if (k.validUntil !== undefined) validFor.end = new Date(k.validUntil);
    keys.set(
      k.name,
      parsePinnedKey(load(k.pem, `key ${k.name}`), k.name, (validFor.start ?? validFor.end) ? validFor : undefined),
    );
  }
  const environments = new Map(
    Object.entries(policy.environments).map(([name, e]) => [name, resolve(name, e, roots, keys)]),
  );
  return { policy, roots, keys, environments };
}

/** The trust an environment accepts. An unknown environment is an input error, never a default. */
export function resolveEnvironment(loaded: LoadedTrust, env: string): ResolvedEnvironment {
  const resolved = loaded.environments.get(env);
  if (resolved === undefined) {
    throw new TrustPolicyError(
      'ENVIRONMENT_UNKNOWN',
      `environment ${JSON.stringify(env)} is not in the trust policy (${[...loaded.environments.keys()].join(', ')})`,
      {
        path: 'env',
        kind: 'not-found',
      },
    );
  }
  return resolved;
}

function resolve(
  env: string,
  e: EnvironmentTrust,
  pinnedRoots: ReadonlyMap<string, PinnedRoot>,
  pinnedKeys: ReadonlyMap<string, PinnedKey>,
): ResolvedEnvironment {
  const roots = (e.roots ?? [...pinnedRoots.keys()])
    .map((n) => pinnedRoots.get(n))
    .filter((r): r is PinnedRoot => r !== undefined);
  const keys = e.keys.map((n) => pinnedKeys.get(n)).filter((k): k is PinnedKey => k !== undefined);
  const requirements: VerificationRequirements = {
    identities: e.identities.map((id, i) => ({
      subject: compileMatcher(id.subject, `environments.${env}.identities[${i}].subject`),
      issuer: compileMatcher(id.issuer, `environments.${env}.identities[${i}].issuer`),
    })),
    tlogThreshold: e.tlogEntries,
    timestampThreshold: e.timestamps,
    ctlogThreshold: e.sctEntries,
  };
  if (e.predicateTypes !== undefined) requirements.predicateTypes = e.predicateTypes;
  return {
    name: env,
    trust: { roots, keys },
    requirements,
    builders: e.builders.map((m, i) => compileMatcher(m, `environments.${env}.builders[${i}]`)),
    sourceRepositories: e.sourceRepositories.map((m, i) =>
      compileMatcher(m, `environments.${env}.source_repositories[${i}]`),
    ),
  };
}

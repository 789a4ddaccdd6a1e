import { createHash } from 'node:crypto';
import { MAX_POLICY_FILE_BYTES, readInputFile } from './input-file.js';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { Reason } from '../domain/decision.js';
import { isBaseError } from '../domain/errors.js';
import { failBoth, evaluateTrustChecks, type TrustEvidenceItem } from '../trust/gates/trust-checks.js';
import { loadTrust, type LoadedTrust } from '../trust/policy/trust-environment.js';
import { parseTrustPolicy } from '../trust/policy/trust-policy.js';
import { VerificationCache } from '../trust/gates/verification-cache.js';
import type { SnapshotProviders } from './snapshot-builder.js';
import { fileStamp } from './file-stamp.js';

export type TrustState = { ok: true; loaded: LoadedTrust; materialHash: string } | { ok: false; reason: Reason };

/**
 * SECURITY/trust-policy.yaml with its pinned roots and keys, re-read when the policy or any pinned
 * file changes (checked at most every `recheckMs`). Unlike gates.yaml, a trust policy that turns
 * missing or invalid is never replaced by a last good copy: both trust gates fail until it is fixed.
 */
export class TrustPolicySource {
  private state: TrustState | undefined;
  private stamp = '';
  /** The policy file and the pinned files read for `state`, in reading order. */
  private files: string[] = [];
  private checkedAt = -Infinity;

  constructor(
    readonly policyFile: string,
    private readonly recheckMs = 1000,
    /** The file's name in decision reasons, which reach unauthenticated clients: never an absolute path. */
    readonly name = basename(policyFile),
  ) {}

  /** A token of the files' state (mtime and size of the policy and every pinned file). */
  token(): string {
    this.current();
    return this.stamp;
  }

  current(): TrustState {
    const t = performance.now();
    if (this.state !== undefined && t - this.checkedAt < this.recheckMs) return this.state;
    this.checkedAt = t;
    if (this.state !== undefined && this.files.map(fileStamp).join('|') === this.stamp) return this.state;
    const stamps: string[] = [];
    this.files = [];
    // Each file is stamped BEFORE it is read: an edit landing between the two changes the stamp, so
    // it is picked up on the next check instead of being missed until the file changes again.
    const read = (file: string): Buffer => {
      this.files.push(file);
      stamps.push(fileStamp(file));
      const bytes = readInputFile(file, MAX_POLICY_FILE_BYTES, 'trust file');
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    this.state = this.load(read);
    this.stamp = stamps.join('|');
    return this.state;
  }

  private load(read: (file: string) => Buffer): TrustState {
    let text: Buffer; // bytes: the YAML reader decodes strictly (invalid UTF-8 is refused, not replaced)
    try {
      text = read(this.policyFile);
    } catch (e) {
      const code = isBaseError(e) ? e.code : 'FILE_UNREADABLE';
      if (code === 'FILE_NOT_FOUND')
        return {
          ok: false,
          reason: {
            code: 'TRUST_POLICY_MISSING',
            message: `no trust policy at ${this.name}: nothing can be verified; run mc trust init and pin your signers`,
          },
        };
      // A directory, no permission, an oversized file: there is a policy, and it cannot be used.
      // (The reader's own message names the absolute path; decision reasons must not.)
      const why =
        code === 'NOT_A_FILE'
          ? 'is a directory'
          : code === 'FILE_TOO_LARGE'
            ? `is over ${MAX_POLICY_FILE_BYTES} bytes`
            : 'cannot be read';
      return {
        ok: false,
        reason: {
          code: 'TRUST_POLICY_INVALID',
          message: `trust policy ${this.name} ${why}: nothing can be verified until it is fixed`,
          details: { cause: code },
        },
      };
    }
    const base = dirname(this.policyFile);
    const resolve = (p: string): string => (isAbsolute(p) ? p : join(base, p));
    const hash = createHash('sha256').update(text);
    try {
      const policy = parseTrustPolicy(text, this.name);
      const loaded = loadTrust(policy, (p) => {
        const bytes = read(resolve(p));
        hash.update(`\u0000${p}\u0000`).update(bytes);
        return bytes;
      });
      return { ok: true, loaded, materialHash: hash.digest('hex') };
    } catch (e) {
      // Any failure — typed or not — fails both gates closed; a previous policy is never kept in force.
      const code = isBaseError(e) ? e.code : 'TRUST_POLICY_LOAD_FAILED';
      const at = isBaseError(e) && e.path !== undefined ? ` (${e.path})` : '';
      const message = e instanceof Error ? e.message : String(e);
      return {
        ok: false,
        reason: {
          code: 'TRUST_POLICY_INVALID',
          message: `trust policy ${this.name} is not usable: ${code}: ${message}${at}`,
          details: { cause: code },
        },
      };
    }
  }
}

/** Where the provider reads evidence bytes (the release store's content-addressed blobs). */
export interface EvidenceBlobs {
  getBlob(sha256: string): Promise<{ bytes: Uint8Array } | undefined>;
}

export interface TrustProviderOptions {
  trustPolicyFile: string;
  /** How the policy file is named in decision reasons (relative to the installation; see nameInInstallation). */
  trustPolicyName?: string;
  store: EvidenceBlobs;
  clock: () => Date;
  recheckMs?: number;
  cacheTtlMs?: number;
}

/**
 * The `SnapshotProviders.trust` extension point: verifies every stored signature and attestation of
 * the digest against the environment's trust policy (crypto cached by evidence sha256 and trust
 * material hash) and judges the `signatures` and `provenance` gates. Fails closed on any doubt.
 */
export function createTrustProvider(
  opts: TrustProviderOptions,
): NonNullable<SnapshotProviders['trust']> & { generation: () => string } {
  const source = new TrustPolicySource(opts.trustPolicyFile, opts.recheckMs ?? 1000, opts.trustPolicyName);
  const cache = new VerificationCache(opts.cacheTtlMs);
  const provider: NonNullable<SnapshotProviders['trust']> = async (digest, env, evidence) => {
    const state = source.current();
    if (!state.ok) return failBoth(state.reason);
    const items: TrustEvidenceItem[] = [];
    for (const e of evidence) {
      if (e.kind === 'signature' || e.kind === 'attestation') items.push({ kind: e.kind, sha256: e.sha256 });
    }
    // Bytes are read only on a verification-cache miss.
    const read = async (sha256: string) => (await opts.store.getBlob(sha256))?.bytes;
    return evaluateTrustChecks(items, read, state.loaded, state.materialHash, env, digest, opts.clock(), cache);
  };
  // Changes when the trust policy or a pinned file changes, so cached decisions are re-evaluated.
  return Object.assign(provider, { generation: () => source.token() });
}

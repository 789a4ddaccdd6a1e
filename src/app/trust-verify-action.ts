import type { AcceptedIdentity } from '../trust/material/trust-material.js';
import type { VerifiedSignature } from '../domain/evidence.js';
import { isBaseError } from '../domain/errors.js';
import { MAX_ARTIFACT_BYTES, MAX_POLICY_FILE_BYTES, readInputFile } from './input-file.js';
import { artifactFromBytes, artifactFromDigest, type ArtifactRef } from '../trust/verify/artifact-ref.js';
import { verifyBundle } from '../trust/verify/bundle-verifier.js';
import { PUBLIC_GOOD_ROOT_NAME, publicGoodTrustedRoot } from '../trust/policy/default-trust-policy.js';
import { compileMatcher, type IdentityMatcher } from '../trust/policy/identity-matcher.js';
import { parsePinnedKey } from '../trust/material/pinned-key.js';
import { parseTrustedRoot } from '../trust/material/trusted-root.js';
import { isVerificationError } from '../trust/verification-error.js';

/** Flags of `mc trust verify`, already split by the CLI; no store, policy or network needed. */
export interface TrustVerifyOptions {
  bundle?: string;
  trustedRoot?: string;
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  key?: string;
  /** Accept a key-based bundle without a log entry or timestamp (cosign's --insecure-ignore-tlog). */
  insecureIgnoreTlog?: boolean;
  /** FILE or sha256:<hex>. */
  artifact?: string;
  now?: Date;
  /** Injected for tests; defaults to the bounded input reader (readBoundedFile below). */
  readFile?: (path: string) => Uint8Array;
}

export type TrustVerifyResult =
  | { status: 'verified'; exitCode: 0; artifact: string; verified: VerifiedSignature }
  | { status: 'failed'; exitCode: 1; artifact: string; error: { code: string; message: string; path?: string } }
  | { status: 'usage'; exitCode: 2; error: { code: string; message: string } };

const usage = (code: string, message: string): TrustVerifyResult => ({
  status: 'usage',
  exitCode: 2,
  error: { code, message },
});

function matcher(exact: string | undefined, regexp: string | undefined): IdentityMatcher | 'both' | undefined {
  if (exact !== undefined && regexp !== undefined) return 'both';
  if (exact !== undefined) return { exact };
  return regexp === undefined ? undefined : { regexp };
}

/**
 * `mc trust verify`: exit 0 verified; 1 for every verification failure, including an unparsable or
 * unknown-version bundle or trusted root; 2 only for usage errors (flags, unreadable files, bad digest).
 */
export function trustVerifyAction(opts: TrustVerifyOptions): TrustVerifyResult {
  const read = opts.readFile ?? ((p: string) => readBoundedFile(p, p === opts.artifact));
  if (opts.bundle === undefined) return usage('USAGE', '--bundle is required');
  if (opts.artifact === undefined) return usage('USAGE', 'the artifact (FILE or sha256:<hex>) is required');
  const subject = matcher(opts.certificateIdentity, opts.certificateIdentityRegexp);
  const issuer = matcher(opts.certificateOidcIssuer, opts.certificateOidcIssuerRegexp);
  if (subject === 'both')
    return usage('USAGE', 'give --certificate-identity or --certificate-identity-regexp, not both');
  if (issuer === 'both')
    return usage('USAGE', 'give --certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both');
  if (opts.key !== undefined && (subject !== undefined || issuer !== undefined))
    return usage('USAGE', '--key excludes the certificate identity flags');
  if (opts.key === undefined && (subject === undefined || issuer === undefined)) {
    return usage('USAGE', 'give a certificate identity and an OIDC issuer (exact or regexp), or --key');
  }
  let identities: AcceptedIdentity[];
  try {
    identities =
      subject === undefined || issuer === undefined
        ? []
        : [
            {
              subject: compileMatcher(subject, 'certificate-identity'),
              issuer: compileMatcher(issuer, 'certificate-oidc-issuer'),
            },
          ];
  } catch (e) {
    return usage('USAGE', (e as Error).message);
  }
  const files: Record<string, Uint8Array> = {};
  const paths = { bundle: opts.bundle, trustedRoot: opts.trustedRoot, key: opts.key };
  for (const [what, path] of Object.entries(paths)) {
    if (path === undefined) continue;
    try {
      files[what] = read(path);
    } catch (e) {
      return usage('FILE_UNREADABLE', `cannot read ${what} ${path}: ${(e as Error).message}`);
    }
  }
  let artifact: ArtifactRef;
  try {
    artifact = /^sha(256|384|512):/.test(opts.artifact)
      ? artifactFromDigest(opts.artifact)
      : artifactFromBytes(read(opts.artifact));
  } catch (e) {
    return usage(isBaseError(e) ? e.code : 'FILE_UNREADABLE', (e as Error).message);
  }
  try {
    const root =
      files.trustedRoot === undefined
        ? parseTrustedRoot(publicGoodTrustedRoot(), PUBLIC_GOOD_ROOT_NAME)
        : parseTrustedRoot(files.trustedRoot, opts.trustedRoot ?? 'trusted-root');
    const keys = files.key === undefined ? [] : [parsePinnedKey(files.key, opts.key ?? 'key')];
    const thresholds =
      opts.insecureIgnoreTlog === true && opts.key !== undefined ? { tlogThreshold: 0, timestampThreshold: 0 } : {};
    const verified = verifyBundle(
      files.bundle as Uint8Array,
      artifact,
      { roots: [root], keys },
      { identities, ...thresholds },
      opts.now ?? new Date(),
    );
    return { status: 'verified', exitCode: 0, artifact: opts.artifact, verified };
  } catch (e) {
    if (!isVerificationError(e)) throw e; // a bug: let the CLI's single mapping mask it
    const error =
      e.path === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, path: e.path };
    return { status: 'failed', exitCode: 1, artifact: opts.artifact, error };
  }
}

/**
 * Every file is read with a bound on the bytes read (a FIFO or /dev/zero reports size 0): the
 * artifact may be a large build output, the bundle, key and root are small documents.
 */
function readBoundedFile(path: string, isArtifact: boolean): Uint8Array {
  return readInputFile(path, isArtifact ? MAX_ARTIFACT_BYTES : MAX_POLICY_FILE_BYTES);
}

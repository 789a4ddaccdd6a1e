import { createHash } from 'node:crypto';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };

/** File name `mc trust init` writes the public-good root under, beside trust-policy.yaml. */
export const PUBLIC_GOOD_ROOT_FILE = 'sigstore-public-good.trusted_root.json';
export const PUBLIC_GOOD_ROOT_NAME = 'sigstore-public-good';
const TUF_REPO = 'https://tuf-repo-cdn.sigstore.dev';

/**
 * The Sigstore public-good trusted_root.json as embedded (base64) in @sigstore/tuf's seeds.json, the
 * TUF-verified copy sigstore-js ships. Read from the installed package: no network at any time.
 */
export function publicGoodTrustedRoot(): Buffer {
  const targets = (seeds as Record<string, { targets?: Record<string, string> }>)[TUF_REPO]?.targets;
  const b64 = targets?.['trusted_root.json'];
  if (b64 === undefined)
    throw new Error('@sigstore/tuf seeds.json has no trusted_root.json for the public-good instance');
  return Buffer.from(b64, 'base64');
}

/** The files `mc trust init` writes into SECURITY/: the policy text and the pinned root. */
export function defaultTrustPolicyFiles(): { policy: string; files: Array<{ path: string; bytes: Buffer }> } {
  const root = publicGoodTrustedRoot();
  return { policy: defaultTrustPolicyText(root), files: [{ path: PUBLIC_GOOD_ROOT_FILE, bytes: root }] };
}

/** SECURITY/trust-policy.yaml as `mc trust init` writes it: the public-good root pinned by sha256, nothing else. */
export function defaultTrustPolicyText(root: Uint8Array = publicGoodTrustedRoot()): string {
  const sha256 = createHash('sha256').update(root).digest('hex');
  const env = (name: string, note: string): string => `  ${name}:
    # ${note}
    # Nothing is accepted until you list who may sign. Identities match exactly, or by a regexp
    # that must match the WHOLE certificate identity (never a substring), e.g.:
    # identities:
    #   - subject: { exact: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main" }
    #     issuer: { exact: "https://token.actions.githubusercontent.com" }
    #   - subject: { regexp: "https://github\\\\.com/acme/[a-z0-9-]+/\\\\.github/workflows/release\\\\.yml@refs/tags/v[0-9.]+" }
    #     issuer: { exact: "https://token.actions.githubusercontent.com" }
    identities: []
    keys: []
    # builders: [{ exact: "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0" }]
    builders: []
    # source_repositories: [{ exact: "https://github.com/acme/app" }]
    source_repositories: []
    tlog_entries: 1
    timestamps: 1
`;
  return `# Maestro Conductor trust policy (written by \`mc trust init\`).
# Verification is offline: only the roots and keys pinned here are trusted.
version: 1
roots:
  - name: ${PUBLIC_GOOD_ROOT_NAME}
    # Sigstore public-good instance, from @sigstore/tuf's TUF-verified seed. Add a second root
    # beside it when rotating; old releases keep verifying against the root valid when they were signed.
    trusted_root: ${PUBLIC_GOOD_ROOT_FILE}
    sha256: ${sha256}
keys: []
environments:
${env('dev', 'Development: signatures are advisory in the default gates.')}${env('staging', 'Staging uses the prod gate profile.')}${env('prod', 'Production: signatures and provenance are enforced.')}`;
}

import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { InputError } from '../../domain/errors.js';
import { defaultTrustPolicyFiles } from '../../trust/policy/default-trust-policy.js';
import { who } from '../../trust/gates/signer-acceptance.js';
import { trustVerifyAction, type TrustVerifyOptions } from '../../app/trust-verify-action.js';
import { cliClock, cliConfig } from '../cli-context.js';
import { ExitRequest, printJson } from '../cli-output.js';

const INIT_HELP = `
Writes SECURITY/trust-policy.yaml (MC_TRUST_POLICY overrides the path) and, beside it, the Sigstore
public-good trusted_root.json taken from @sigstore/tuf's TUF-verified seed, pinned by sha256. No
identity, key, builder or repository is accepted until you list it: the signatures and provenance
gates deny everything until then. Existing files are kept unless --force is given (exit 2).

Examples:
  mc trust init
  mc trust init --force --json
`;

const VERIFY_HELP = `
Verifies offline, from any directory, without mc init, a store or a trust policy. The default root is
the Sigstore public-good trusted_root.json shipped with mc; --trusted-root replaces it. Regexps must
match the WHOLE identity or issuer (anchored), never a substring.

Exit codes: 0 verified; 1 verification failed (including an unparsable or unknown-version bundle:
the error code is on stderr); 2 usage error (flags, unreadable file, bad digest).

Examples:
  # keyless (Fulcio certificate), exact identity and issuer, artifact given as a file
  mc trust verify --bundle app.sigstore.json \\
    --certificate-identity https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0 \\
    --certificate-oidc-issuer https://token.actions.githubusercontent.com app.tar.gz
  # identity by (whole-string) regexp, artifact given by digest, a private Sigstore root
  mc trust verify --bundle app.sigstore.json --trusted-root trusted_root.json \\
    --certificate-identity-regexp 'https://github\\.com/acme/[a-z-]+/\\.github/workflows/release\\.yml@refs/tags/v.*' \\
    --certificate-oidc-issuer https://token.actions.githubusercontent.com sha256:<64 hex>
  # key-based bundle (cosign sign-blob --key)
  mc trust verify --bundle app.sigstore.json --key cosign.pub app.tar.gz
`;

export function registerTrust(program: Command): void {
  const trust = program
    .command('trust')
    .description('trust roots and offline Sigstore / DSSE verification (mc trust init | mc trust verify)');
  trust.addHelpText(
    'after',
    '\nExamples:\n  mc trust init\n  mc trust verify --bundle b.sigstore.json --key cosign.pub artifact.tar.gz\n',
  );

  trust
    .command('init')
    .description('write SECURITY/trust-policy.yaml pinning the Sigstore public-good root and nothing else')
    .option('--force', 'overwrite an existing trust policy and root file')
    .option('--json', 'print the written files as JSON')
    .addHelpText('after', INIT_HELP)
    .action((opts: { force?: boolean; json?: boolean }) => {
      const config = cliConfig();
      const dir = dirname(config.trustPolicyFile);
      const { policy, files } = defaultTrustPolicyFiles();
      const writes = [
        { path: config.trustPolicyFile, bytes: Buffer.from(policy) },
        ...files.map((f) => ({ path: join(dir, f.path), bytes: f.bytes })),
      ];
      const rel = (f: string): string => relative(process.cwd(), f) || f;
      const existing = writes.filter((w) => existsSync(w.path));
      if (existing.length > 0 && opts.force !== true) {
        throw new InputError(
          'TRUST_POLICY_EXISTS',
          `${existing.map((w) => rel(w.path)).join(', ')} already exist(s); nothing written (--force overwrites)`,
          { kind: 'invalid', path: rel(existing[0]!.path) },
        );
      }
      mkdirSync(dir, { recursive: true });
      for (const w of writes) writeFileSync(w.path, w.bytes);
      const written = writes.map((w) => rel(w.path));
      if (opts.json === true) return printJson({ written, overwritten: existing.map((w) => rel(w.path)) });
      for (const f of written) console.log(`wrote   ${f}`);
      console.log(
        'next:   list accepted identities or keys, builders and source repositories per environment in the policy',
      );
    });

  trust
    .command('verify')
    .description('verify a Sigstore bundle over an artifact offline (exit 0 verified, 1 failed, 2 usage error)')
    .argument('<artifact>', 'the artifact: a FILE, or sha256:<hex> (also sha384/sha512)')
    .option('--bundle <file>', 'Sigstore bundle (v0.1–v0.3): message signature or DSSE envelope')
    .option(
      '--trusted-root <file>',
      'Sigstore trusted_root.json to pin (default: the public-good root shipped with mc)',
    )
    .option('--certificate-identity <id>', 'accepted certificate identity (SAN), exact')
    .option('--certificate-identity-regexp <re>', 'accepted certificate identity, a regexp matching the whole SAN')
    .option('--certificate-oidc-issuer <iss>', 'accepted OIDC issuer, exact')
    .option('--certificate-oidc-issuer-regexp <re>', 'accepted OIDC issuer, a regexp matching the whole issuer')
    .option('--key <file>', 'PEM public key of a key-based bundle (excludes the certificate flags)')
    .option('--insecure-ignore-tlog', 'with --key: accept a bundle without transparency-log entry or timestamp')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', VERIFY_HELP)
    .action(
      (artifact: string, opts: Omit<TrustVerifyOptions, 'artifact' | 'now' | 'readFile'> & { json?: boolean }) => {
        const { json, ...flags } = opts;
        const result = trustVerifyAction({ ...flags, artifact, now: cliClock()() });
        if (json === true) printJson(result);
        if (result.status === 'verified') {
          const v = result.verified;
          const log = v.logIndex === undefined ? '' : `, log index ${v.logIndex}`;
          const at = v.signedAt === undefined ? '' : `, signed ${v.signedAt}`;
          if (json !== true)
            console.log(
              `Verified OK: ${v.kind}${v.predicateType === undefined ? '' : ` (${v.predicateType})`} over ${artifact} by ${who(v)}${log}${at}`,
            );
        } else {
          const path =
            'path' in result.error && result.error.path !== undefined && result.error.path !== ''
              ? ` (at ${result.error.path})`
              : '';
          const what = result.status === 'usage' ? 'usage error' : 'verification failed';
          process.stderr.write(`mc: ${what} ${result.error.code}: ${result.error.message}${path}\n`);
        }
        throw new ExitRequest(result.exitCode);
      },
    );
}

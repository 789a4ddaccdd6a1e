import { nameInInstallation, type Config } from '../../config/config.js';
import type { Clock } from '../../domain/clock.js';
import { ConfigError } from '../../domain/errors.js';
import type { StepUpVerifier } from '../../domain/step-up.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import { readInputFile } from '../input-file.js';
import { AccessControl } from './access-control.js';
import { AccessPolicySource } from './access-policy-source.js';
import { Authenticator } from './authenticator.js';
import { OidcVerifier } from './oidc-verifier.js';
import { StaticTokens } from './static-tokens.js';
import { parseTokensFile } from './tokens-file.js';

const MAX_TOKENS_FILE_BYTES = 4 * 1024 * 1024;

export interface AccessParts {
  namesOf: (digest: string) => Promise<string[]>;
  record: (entries: readonly LedgerEntry[]) => Promise<unknown>;
  stepUp?: StepUpVerifier;
  /** How often access.yaml is re-checked (ms); `mc serve`: 1000. */
  recheckMs?: number;
}

/** Identity and access of an installation, from its settings (the composition root calls this). */
export function composeAccess(config: Config, clock: Clock, parts: AccessParts): AccessControl {
  const { identity } = config;
  const policies = new AccessPolicySource(
    identity.accessFile,
    nameInInstallation(config.workDir, identity.accessFile),
    parts.recheckMs ?? 0,
  );
  const entries = identity.tokensFile
    ? parseTokensFile(
        readInputFile(identity.tokensFile, MAX_TOKENS_FILE_BYTES, 'MC_ACCESS_TOKENS_FILE'),
        'MC_ACCESS_TOKENS_FILE',
      )
    : [];
  const tokens = new StaticTokens({
    apiTokens: config.apiTokens,
    entries,
    flaggerTokens: config.flaggerTokens,
    admissionTokens: config.admission.tokens,
  });
  const oidc = identity.oidc ? new OidcVerifier(identity.oidc, clock) : undefined;
  return new AccessControl({
    policies,
    authenticator: new Authenticator(tokens, oidc),
    namesOf: parts.namesOf,
    record: parts.record,
    clock,
    ...(parts.stepUp ? { stepUp: parts.stepUp } : {}),
  });
}

/**
 * Labelled tokens and OIDC principals carry roles that only access rules give meaning to: with
 * neither access.yaml nor rules, they would open nothing (or everything), so `mc serve` refuses them.
 */
export function checkIdentitySettings(config: Config, access: AccessControl): void {
  if ((config.identity.tokensFile || config.identity.oidc) && access.policy() === undefined)
    throw new ConfigError(
      'CONFIG_INVALID',
      `MC_ACCESS_TOKENS_FILE and MC_OIDC_ISSUER need access rules: write ${nameInInstallation(config.workDir, config.identity.accessFile)} (see README "Access")`,
      { path: 'MC_ACCESS_POLICY' },
    );
}

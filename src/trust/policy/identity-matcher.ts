import { ConfigError } from '../../domain/errors.js';

/**
 * An accepted certificate identity or OIDC issuer: an exact string, or a regular expression that
 * must match the WHOLE value. sigstore-js (policy.js) and some cosign users treat a pattern as a
 * substring search, so `https://github.com/acme/` would also accept `https://github.com/acme/../evil`
 * or `https://evil.example/?https://github.com/acme/`; we always anchor.
 */
export type IdentityMatcher = { exact: string } | { regexp: string };

export interface CompiledMatcher {
  readonly source: IdentityMatcher;
  test(value: string | undefined): boolean;
  describe(): string;
}

const MAX_PATTERN = 1024;

export function compileMatcher(m: IdentityMatcher, field = 'identity'): CompiledMatcher {
  if ('exact' in m) {
    const exact = m.exact;
    return { source: m, test: (v) => v === exact, describe: () => JSON.stringify(exact) };
  }
  if (m.regexp.length > MAX_PATTERN)
    throw new ConfigError('REGEXP_INVALID', `${field}: pattern longer than ${MAX_PATTERN} characters`, { path: field });
  let re: RegExp;
  try {
    // `u` makes the pattern strict; the non-capturing group keeps alternations inside the anchors.
    re = new RegExp(`^(?:${m.regexp})$`, 'u');
  } catch (e) {
    throw new ConfigError('REGEXP_INVALID', `${field}: not a valid regular expression: ${(e as Error).message}`, {
      path: field,
      cause: e,
    });
  }
  return { source: m, test: (v) => v !== undefined && re.test(v), describe: () => `/${m.regexp}/ (whole string)` };
}

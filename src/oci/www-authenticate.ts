import { RegistryError } from './registry-error.js';

/** One challenge of a `WWW-Authenticate` header (RFC 7235 §4.1): a scheme and its auth-params. */
export interface AuthChallenge {
  /** Lowercased: `bearer`, `basic`. */
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header (attacker-controlled): `Bearer realm="…",service="…",scope="…"`,
 * possibly several challenges in one header. Quoted strings may hold commas and escaped quotes
 * (RFC 7230 §3.2.6). Anything that is not a well-formed challenge list is refused.
 */
export function parseWwwAuthenticate(header: string, where: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let i = 0;
  const n = header.length;
  const fail = (why: string): never => {
    throw new RegistryError('AUTH_CHALLENGE_INVALID', `${where}: WWW-Authenticate header is malformed (${why})`);
  };
  const skipWs = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const token = (): string => {
    const m = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(header.slice(i));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };
  while (i < n) {
    skipWs();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const scheme = token();
    if (scheme === '') fail(`expected an auth scheme at offset ${i}`);
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    skipWs();
    // auth-params: name=value pairs separated by commas until the next scheme.
    while (i < n) {
      const save = i;
      skipWs();
      const name = token();
      skipWs();
      if (name === '' || header[i] !== '=') {
        i = save;
        break;
      }
      i++;
      skipWs();
      let value = '';
      if (header[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = header[i]!;
          if (c === '\\' && i + 1 < n) {
            value += header[i + 1];
            i += 2;
          } else if (c === '"') {
            i++;
            closed = true;
            break;
          } else {
            value += c;
            i++;
          }
        }
        if (!closed) fail('unterminated quoted string');
      } else {
        // Unquoted values should be tokens (RFC 7235 §2.1), but realms are written bare (with ':' and '/') in the wild.
        const m = /^[^\s,"]+/.exec(header.slice(i));
        value = m?.[0] ?? '';
        i += value.length;
      }
      challenge.params[name.toLowerCase()] = value;
      skipWs();
      if (header[i] === ',') i++;
      else break;
    }
  }
  if (out.length === 0) fail('no challenge');
  return out;
}

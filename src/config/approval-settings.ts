import { ConfigError } from '../domain/errors.js';

/** WebAuthn relying party and approval-token settings. */
export interface ApprovalConfig {
  /**
   * MC_WEBAUTHN_RP_ID: the host name the approval page is served under (default `localhost`). An IP
   * address cannot be an RP ID (WebAuthn §5.1.3), so it is refused here rather than by browsers.
   */
  rpId: string;
  /** MC_WEBAUTHN_ORIGINS (comma-separated): the page's origins; default `http(s)://<rpId>[:port]` on any port. */
  origins: string[];
  /** MC_PUBLIC_URL: where `mc approvals request` / `mc bypass approve` point people (default http://localhost:8080). */
  publicUrl: string;
  /** MC_APPROVAL_ISSUER: the `iss` of approval tokens this installation mints. */
  issuer: string;
  /** MC_APPROVAL_EXTERNAL_ISSUER + MC_APPROVAL_EXTERNAL_JWKS_URL: an IdP whose approval tokens are accepted too. */
  external?: { issuer: string; jwksUrl: string };
}

const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IP = /^(\d{1,3}\.){3}\d{1,3}$|:/;

export function approvalConfig(env: {
  MC_WEBAUTHN_RP_ID?: string;
  MC_WEBAUTHN_ORIGINS?: string;
  MC_PUBLIC_URL?: string;
  MC_APPROVAL_ISSUER?: string;
  MC_APPROVAL_EXTERNAL_ISSUER?: string;
  MC_APPROVAL_EXTERNAL_JWKS_URL?: string;
}): ApprovalConfig {
  const rpId = (env.MC_WEBAUTHN_RP_ID ?? 'localhost').toLowerCase();
  if (IP.test(rpId) || !HOST.test(rpId))
    throw bad('MC_WEBAUTHN_RP_ID', `must be a host name (an IP address cannot be a WebAuthn RP ID), got ${show(rpId)}`);
  const origins = (env.MC_WEBAUTHN_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins) {
    const url = parse(o);
    if (!url || url.origin !== o || (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)))
      throw bad('MC_WEBAUTHN_ORIGINS', `each origin must be scheme://host[:port] under ${rpId}, got ${show(o)}`);
  }
  const publicUrl = env.MC_PUBLIC_URL ?? 'http://localhost:8080';
  if (!/^https?:$/.test(parse(publicUrl)?.protocol ?? ''))
    throw bad('MC_PUBLIC_URL', `must be an http:// or https:// URL, got ${show(publicUrl)}`);
  const issuer = env.MC_APPROVAL_ISSUER ?? 'urn:mc:approvals';
  const extIssuer = env.MC_APPROVAL_EXTERNAL_ISSUER;
  const extJwks = env.MC_APPROVAL_EXTERNAL_JWKS_URL;
  if ((extIssuer === undefined) !== (extJwks === undefined))
    throw bad(
      'MC_APPROVAL_EXTERNAL_ISSUER',
      'MC_APPROVAL_EXTERNAL_ISSUER and MC_APPROVAL_EXTERNAL_JWKS_URL go together',
    );
  if (extJwks !== undefined && !/^https?:$/.test(parse(extJwks)?.protocol ?? ''))
    throw bad('MC_APPROVAL_EXTERNAL_JWKS_URL', `must be an http:// or https:// URL, got ${show(extJwks)}`);
  if (extIssuer !== undefined && extIssuer === issuer)
    throw bad('MC_APPROVAL_EXTERNAL_ISSUER', 'must differ from MC_APPROVAL_ISSUER');
  return {
    rpId,
    origins,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    issuer,
    ...(extIssuer && extJwks ? { external: { issuer: extIssuer, jwksUrl: extJwks } } : {}),
  };
}

function parse(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

const show = (s: string) => JSON.stringify(s.slice(0, 80));

function bad(path: string, message: string): ConfigError<'CONFIG_INVALID'> {
  return new ConfigError('CONFIG_INVALID', `${path} ${message}`, { path });
}

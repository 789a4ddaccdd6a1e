/**
 * Who is acting: every request the server answers and every command the CLI runs is done by one
 * principal, and its `label` (never a credential) is what ledger entries, events and audit
 * records name as the actor.
 *
 * - `token`: a static bearer token (MC_API_TOKENS, or the tokens file with labels, roles, team);
 * - `oidc`: a bearer JWT from the configured OIDC issuer, labelled `oidc:<issuer host>:<sub>`;
 * - `cli`: the local CLI, `cli:<os-user>`, admin over the store it holds itself;
 * - `flagger` / `admission`: the narrow callers of the Flagger hooks and the admission webhook.
 */
export type PrincipalKind = 'token' | 'oidc' | 'cli' | 'flagger' | 'admission';

export interface Principal {
  /** Who, for records: `token:<8 hex>` or a configured label, `oidc:<host>:<sub>`, `cli:<user>`. */
  readonly label: string;
  readonly kind: PrincipalKind;
  /** Lower-case role names (`admin`, `auditor`, `ci`, `security`, `release`, `owner`, `flagger`, `admission`, …). */
  readonly roles: readonly string[];
  /** The team the principal acts for (CI tokens read and write only their team's artifacts). */
  readonly team?: string;
}

/** Roles the project itself gives meaning to; access.yaml may name others. */
export const ROLES = {
  admin: 'admin',
  auditor: 'auditor',
  ci: 'ci',
  security: 'security',
  release: 'release',
  owner: 'owner',
  flagger: 'flagger',
  admission: 'admission',
} as const;

/** A role name as access.yaml, token files and OIDC claims may spell it. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

export function hasRole(principal: Principal, role: string): boolean {
  return principal.roles.includes(role);
}

/**
 * The local CLI holds the store itself, so it is admin over it (DESIGN "Principals"); what it
 * does is recorded as `cli:<os-user>`.
 */
export function cliPrincipal(osUser: string): Principal {
  const user = osUser.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64) || 'unknown';
  return { label: `cli:${user}`, kind: 'cli', roles: [ROLES.admin] };
}

/** A token from MC_API_TOKENS without an entry in a tokens file: admin, as before access rules existed. */
export function adminTokenPrincipal(label: string): Principal {
  return { label, kind: 'token', roles: [ROLES.admin] };
}

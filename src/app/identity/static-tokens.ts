import { createHash, timingSafeEqual } from 'node:crypto';
import { adminTokenPrincipal, type Principal, ROLES } from '../../domain/principal.js';
import type { TokenEntry } from './tokens-file.js';

interface Known {
  digest: Buffer;
  principal: Principal;
}

/** The static bearer tokens of an installation, each known by its sha256 only. */
export interface StaticTokenSources {
  /** MC_API_TOKENS: admin principals `token:<first 8 hex of the sha256>` (DESIGN "Principals"). */
  apiTokens: readonly string[];
  /** The labelled tokens file: `token:<label>` with its roles and team (wins over an MC_API_TOKENS entry). */
  entries?: readonly TokenEntry[];
  /** MC_FLAGGER_TOKENS and MC_ADMISSION_TOKENS: the narrow principals of those integrations. */
  flaggerTokens?: readonly string[];
  admissionTokens?: readonly string[];
}

/**
 * Looks a presented token up by its SHA-256 digest, comparing with timingSafeEqual against
 * every known digest each time, so neither the length, the content nor which list matched
 * leaks through timing.
 */
export class StaticTokens {
  private readonly known: Known[];

  constructor(sources: StaticTokenSources) {
    const known: Known[] = (sources.entries ?? []).map((e) => ({
      digest: Buffer.from(e.sha256, 'hex'),
      principal: { label: `token:${e.label}`, kind: 'token', roles: e.roles, ...(e.team ? { team: e.team } : {}) },
    }));
    const add = (tokens: readonly string[] | undefined, make: (label: string) => Principal) => {
      for (const t of tokens ?? []) {
        const digest = sha256(t);
        if (!known.some((k) => k.digest.equals(digest))) known.push({ digest, principal: make(labelOf(digest)) });
      }
    };
    add(sources.apiTokens, adminTokenPrincipal);
    add(sources.flaggerTokens, (label) => ({ label, kind: 'flagger', roles: [ROLES.flagger] }));
    add(sources.admissionTokens, (label) => ({ label, kind: 'admission', roles: [ROLES.admission] }));
    this.known = known;
  }

  get size(): number {
    return this.known.length;
  }

  /** The principal of a token, or undefined when no source holds it. */
  find(token: string): Principal | undefined {
    const given = sha256(token);
    let found: Principal | undefined;
    for (const k of this.known) if (timingSafeEqual(k.digest, given) && found === undefined) found = k.principal;
    return found;
  }
}

/** `token:<first 8 hex of its sha256>`, as every unlabelled token principal is named. */
function labelOf(digest: Buffer): string {
  return `token:${digest.toString('hex').slice(0, 8)}`;
}

export function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

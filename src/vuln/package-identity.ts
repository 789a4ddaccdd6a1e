import { PackageURL } from 'packageurl-js';
import type { Component } from '../domain/evidence.js';

/**
 * Package identity: the (ecosystem, name, release) key under which an OSV `affected[].package`
 * and an SBOM component's purl meet. Mapping of purl types to OSV ecosystems follows OSV.dev's
 * `osv/purl_helpers.py`; name normalization follows each ecosystem's own rules (cited inline).
 * Purls come from SBOMs: attacker-controlled; a purl that does not parse is reported.
 */
export interface PackageIdentity {
  /** OSV ecosystem without its release suffix: `PyPI`, `Go`, `Debian`, `Alpine`. */
  ecosystem: string;
  /** Distribution release when the ecosystem has one: `12` (Debian:12), `v3.19` (Alpine:v3.19). */
  release?: string;
  /** Normalized package name, the index key. */
  name: string;
  /** Version written the way OSV records write it (Go: without the leading `v`). */
  version?: string;
}

export type IdentityProblemReason = 'NO_PURL' | 'BAD_PURL' | 'UNKNOWN_ECOSYSTEM';
export interface IdentityProblem {
  problem: IdentityProblemReason;
  detail: string;
}

/** purl type (and namespace for distributions) → OSV ecosystem. */
const PURL_TO_OSV: Record<string, string> = {
  npm: 'npm',
  pypi: 'PyPI',
  maven: 'Maven',
  golang: 'Go',
  cargo: 'crates.io',
  gem: 'RubyGems',
  nuget: 'NuGet',
  composer: 'Packagist',
  hex: 'Hex',
  pub: 'Pub',
  hackage: 'Hackage',
  cran: 'CRAN',
  swift: 'SwiftURL',
};
const DISTRO_NAMESPACES: Record<string, Record<string, string>> = {
  deb: { debian: 'Debian', ubuntu: 'Ubuntu' },
  apk: { alpine: 'Alpine' },
};
export const KNOWN_ECOSYSTEMS: ReadonlySet<string> = new Set([
  ...Object.values(PURL_TO_OSV),
  'Debian',
  'Ubuntu',
  'Alpine',
]);

const DEBIAN_CODENAMES: Record<string, string> = {
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  stretch: '9',
  jessie: '8',
};

/** Name normalization per ecosystem, applied to advisories and components alike. */
export function normalizeName(ecosystem: string, name: string): string {
  switch (ecosystem) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-'); // PEP 503 §Normalized Names
    case 'NuGet':
      return name.toLowerCase(); // NuGet package ids are case-insensitive
    case 'Packagist':
      return name.toLowerCase(); // Composer package names are case-insensitive
    default:
      return name; // npm, Maven, Go module paths, crates, gems: case-sensitive
  }
}

/** Splits an OSV ecosystem (`Debian:12`, `Alpine:v3.19`, `Ubuntu:Pro:22.04:LTS`) into base and release. */
export function splitEcosystem(ecosystem: string): { ecosystem: string; release?: string } {
  const i = ecosystem.indexOf(':');
  if (i < 0) return { ecosystem };
  const base = ecosystem.slice(0, i);
  let release = ecosystem.slice(i + 1);
  if (base === 'Ubuntu') release = release.replace(/^Pro:/, '').replace(/:(LTS|FIPS.*)$/, '');
  return release === '' ? { ecosystem: base } : { ecosystem: base, release };
}

/** Identity of an SBOM component, from its purl (or from ecosystem + name when it has none). */
export function componentIdentity(component: Component): PackageIdentity | IdentityProblem {
  if (component.purl === undefined || component.purl === '') return fromTypeAndName(component);
  const split = splitVersion(component.purl);
  const base = parseBase(split.base);
  if ('problem' in base) return base;
  let version: string | undefined;
  try {
    version = split.version === undefined ? undefined : decodeURIComponent(split.version);
  } catch {
    return { problem: 'BAD_PURL', detail: 'purl does not parse: the version is not valid percent-encoding' };
  }
  if (version === '') return { problem: 'BAD_PURL', detail: 'purl does not parse: empty version after "@"' };
  return fromPurl(
    base.type,
    base.namespace ?? undefined,
    base.name,
    version ?? component.version,
    base.qualifiers ?? undefined,
  );
}

/**
 * purl-spec parsing splits the version off from the right on "@" (after qualifiers and subpath are
 * removed); an "@" before the last "/" belongs to the namespace (npm scopes). The rest — type,
 * namespace, name, qualifiers — is the same for every version of a package, so it is parsed once
 * (packageurl-js) and remembered: SBOMs and advisory sweeps repeat packages at many versions.
 */
function splitVersion(purl: string): { base: string; version: string | undefined } {
  const q = purl.search(/[?#]/);
  const head = q < 0 ? purl : purl.slice(0, q);
  const at = head.lastIndexOf('@');
  if (at < 0 || at < head.lastIndexOf('/')) return { base: purl, version: undefined };
  return { base: head.slice(0, at) + (q < 0 ? '' : purl.slice(q)), version: head.slice(at + 1) };
}

type PurlBase = Pick<PackageURL, 'type' | 'namespace' | 'name' | 'qualifiers'>;
const baseCache = new Map<string, PurlBase | IdentityProblem>();

function parseBase(base: string): PurlBase | IdentityProblem {
  let parsed = baseCache.get(base);
  if (parsed === undefined) {
    try {
      const p = PackageURL.fromString(base);
      parsed = Object.freeze({
        type: p.type,
        namespace: p.namespace,
        name: p.name,
        qualifiers: p.qualifiers ? Object.freeze({ ...p.qualifiers }) : p.qualifiers,
      });
    } catch (e) {
      parsed = Object.freeze({
        problem: 'BAD_PURL' as const,
        detail: `purl does not parse: ${(e as Error).message.slice(0, 120)}`,
      });
    }
    if (baseCache.size >= 50_000) baseCache.clear();
    baseCache.set(base, parsed);
  }
  return parsed;
}

function fromTypeAndName(c: Component): PackageIdentity | IdentityProblem {
  if (c.ecosystem === undefined) return { problem: 'NO_PURL', detail: 'component has neither a purl nor an ecosystem' };
  const slash = c.ecosystem === 'maven' ? c.name.indexOf(':') : -1;
  return slash > 0
    ? fromPurl('maven', c.name.slice(0, slash), c.name.slice(slash + 1), c.version, undefined)
    : fromPurl(c.ecosystem.toLowerCase(), undefined, c.name, c.version, undefined);
}

function fromPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers: Record<string, string> | undefined,
): PackageIdentity | IdentityProblem {
  const distros = DISTRO_NAMESPACES[type];
  if (distros !== undefined) {
    const ecosystem = distros[(namespace ?? '').toLowerCase()];
    if (ecosystem === undefined)
      return { problem: 'UNKNOWN_ECOSYSTEM', detail: `no OSV ecosystem for pkg:${type}/${namespace ?? ''}` };
    const release = distroRelease(ecosystem, qualifiers?.distro);
    return withOptional({ ecosystem, name: normalizeName(ecosystem, name) }, release, version);
  }
  const ecosystem = PURL_TO_OSV[type];
  if (ecosystem === undefined)
    return {
      problem: 'UNKNOWN_ECOSYSTEM',
      detail: `no OSV ecosystem for purl type ${JSON.stringify(type.slice(0, 40))}`,
    };
  let full = name;
  if (ecosystem === 'Maven')
    full = `${namespace ?? ''}:${name}`; // OSV Maven names are group:artifact
  else if (namespace) full = `${namespace}/${name}`; // npm @scope/name (decoded), Go module paths, composer vendor/name
  let v = version;
  // OSV Go records write versions without the `v` that Go and purls use (osv-scanner strips it too);
  // the Go toolchain's own `go1.21.0` form is accepted for the stdlib.
  if (ecosystem === 'Go' && v !== undefined) v = v.startsWith('go') ? v.slice(2) : v.startsWith('v') ? v.slice(1) : v;
  return withOptional({ ecosystem, name: normalizeName(ecosystem, full) }, undefined, v);
}

/** `distro=debian-12` / `bookworm` → `12`; `distro=3.19` / `3.19.1` / `alpine-3.19` → `v3.19`; `ubuntu-22.04` → `22.04`. */
function distroRelease(ecosystem: string, distro: string | undefined): string | undefined {
  if (distro === undefined || distro === '') return undefined;
  const d = distro.toLowerCase();
  if (ecosystem === 'Debian') {
    const m = /^(?:debian-)?(\d+)(?:\.\d+)*$/.exec(d);
    return m ? m[1] : DEBIAN_CODENAMES[d.replace(/^debian-/, '')];
  }
  if (ecosystem === 'Alpine') {
    const m = /^(?:alpine-)?v?(\d+\.\d+)(?:\.\d+)?$/.exec(d);
    return m ? `v${m[1]}` : undefined;
  }
  const m = /^(?:ubuntu-)?(\d+\.\d+)$/.exec(d);
  return m ? m[1] : undefined;
}

function withOptional(id: PackageIdentity, release: string | undefined, version: string | undefined): PackageIdentity {
  if (release !== undefined) id.release = release;
  if (version !== undefined && version !== '') id.version = version;
  return id;
}

export function isIdentityProblem(x: PackageIdentity | IdentityProblem): x is IdentityProblem {
  return 'problem' in x;
}

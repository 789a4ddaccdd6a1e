import { alpineVersioning } from './alpine-versioning.js';
import { cratesVersioning } from './crates-versioning.js';
import { debianVersioning, ubuntuVersioning } from './dpkg-versioning.js';
import { goVersioning } from './go-versioning.js';
import { hexVersioning } from './hex-versioning.js';
import { mavenVersioning } from './maven-versioning.js';
import { npmVersioning } from './npm-versioning.js';
import { nugetVersioning } from './nuget-versioning.js';
import { packagistVersioning } from './packagist-versioning.js';
import { pubVersioning } from './pub-versioning.js';
import { pypiVersioning } from './pypi-versioning.js';
import { rubygemsVersioning } from './rubygems-versioning.js';
import type { VersionScheme } from './version-scheme.js';

/** Every scheme, one per ecosystem family (Renovate's versioning registry is the model). */
export const VERSION_SCHEMES: readonly VersionScheme[] = [
  npmVersioning,
  cratesVersioning,
  hexVersioning,
  goVersioning,
  pubVersioning,
  pypiVersioning,
  mavenVersioning,
  rubygemsVersioning,
  nugetVersioning,
  packagistVersioning,
  debianVersioning,
  ubuntuVersioning,
  alpineVersioning,
];

const BY_ECOSYSTEM: ReadonlyMap<string, VersionScheme> = new Map(
  VERSION_SCHEMES.flatMap((s) => s.ecosystems.map((e) => [e, s] as const)),
);

/** The OSV ecosystem names (without release suffixes) that have a version ordering here. */
export const ORDERED_ECOSYSTEMS: readonly string[] = [...BY_ECOSYSTEM.keys()];

/**
 * The ordering for an OSV `affected[].package.ecosystem` value (OSV schema "Defined
 * ecosystems"). Releases are suffixes (`Debian:12`, `Alpine:v3.19`, `Ubuntu:22.04:LTS`): the
 * part before the first ':' picks the scheme. Names are case-sensitive, as in the OSV schema.
 * An unknown ecosystem gives undefined — never a fallback to string comparison.
 */
export function versionSchemeFor(ecosystem: string): VersionScheme | undefined {
  if (typeof ecosystem !== 'string') return undefined;
  const colon = ecosystem.indexOf(':');
  return BY_ECOSYSTEM.get(colon < 0 ? ecosystem : ecosystem.slice(0, colon));
}

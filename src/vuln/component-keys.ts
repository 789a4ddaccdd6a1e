import type { Component } from '../domain/evidence.js';
import type { OsvRecord } from './osv-record.js';
import {
  componentIdentity,
  isIdentityProblem,
  KNOWN_ECOSYSTEMS,
  normalizeName,
  splitEcosystem,
} from './package-identity.js';

/**
 * The keys of the component index: (ecosystem, normalized package name), the same key under which
 * the matcher (matcher.ts) files OSV `affected[].package` entries. An advisory reaches exactly the
 * components filed under its keys, so the CVE watch finds what a record affects without reading
 * any SBOM. Components from SBOMs are attacker-controlled; what cannot be keyed is not indexed.
 */
export interface ComponentKey {
  ecosystem: string;
  name: string;
}

/**
 * Components with neither a purl nor an ecosystem: the matcher gives them an undecided finding
 * for every ecosystem with an advisory for their bare name. They are filed under this ecosystem
 * and a loose form of the name, and an advisory looks there too (a superset: the matcher decides).
 */
export const NAME_ONLY_ECOSYSTEM = '*';

/** One component as the matcher needs it again, filed under its key. */
export interface IndexedComponent extends ComponentKey {
  component: Pick<Component, 'name' | 'version' | 'purl' | 'ecosystem'>;
}

/**
 * The index rows of an SBOM's components, one per distinct (key, component). Components whose purl
 * does not parse or names no OSV ecosystem are left out: verify reports them
 * (VULN_COMPONENT_UNIDENTIFIED) and no advisory can be filed under them.
 */
export function indexedComponents(components: readonly Component[]): IndexedComponent[] {
  const out = new Map<string, IndexedComponent>();
  for (const c of components) {
    const id = componentIdentity(c);
    let key: ComponentKey;
    if (!isIdentityProblem(id)) key = { ecosystem: id.ecosystem, name: id.name };
    else if (id.problem === 'NO_PURL' && c.name !== '')
      key = { ecosystem: NAME_ONLY_ECOSYSTEM, name: looseName(c.name) };
    else continue;
    const component: IndexedComponent['component'] = { name: c.name };
    if (c.version !== undefined) component.version = c.version;
    if (c.purl !== undefined) component.purl = c.purl;
    if (c.ecosystem !== undefined) component.ecosystem = c.ecosystem;
    out.set(`${key.ecosystem}\u0000${key.name}\u0000${variantOf(component)}`, { ...key, component });
  }
  return [...out.values()];
}

/** What distinguishes two components filed under one key (the index's uniqueness). */
export function variantOf(component: IndexedComponent['component']): string {
  return JSON.stringify([
    component.purl ?? null,
    component.version ?? null,
    component.name,
    component.ecosystem ?? null,
  ]);
}

/** The keys an OSV record is filed under: each affected package, and its loose bare name. */
export function advisoryKeys(record: OsvRecord): ComponentKey[] {
  const out = new Map<string, ComponentKey>();
  for (const affected of record.affected ?? []) {
    const pkg = affected.package;
    if (pkg === undefined) continue;
    const { ecosystem } = splitEcosystem(pkg.ecosystem);
    if (!KNOWN_ECOSYSTEMS.has(ecosystem)) continue;
    const name = normalizeName(ecosystem, pkg.name);
    out.set(`${ecosystem}\u0000${name}`, { ecosystem, name });
    const loose = looseName(pkg.name);
    out.set(`${NAME_ONLY_ECOSYSTEM}\u0000${loose}`, { ecosystem: NAME_ONLY_ECOSYSTEM, name: loose });
  }
  return [...out.values()];
}

/**
 * A name folded so that every ecosystem's normalization of it (PEP 503, case-insensitive NuGet and
 * Composer, case-sensitive others) maps to one key: lower case, runs of `-_.` as one `-`.
 */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

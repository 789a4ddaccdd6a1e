import type { Component, Sbom } from '../../domain/evidence.js';
import { EvidenceError } from '../evidence-error.js';
import { baseImageDigest } from './base-image-digest.js';
import { checkSchema } from '../schema-check.js';
import { normalizeHashAlgorithm, normalizeHex, purlEcosystem, RefRegistry } from './sbom-fields.js';
import type { CycloneDxSchemaVersion } from './schemas/cyclonedx-schema-files.js';
import { cycloneDxValidator } from './sbom-validators.js';

export const CYCLONEDX_VERSIONS: readonly CycloneDxSchemaVersion[] = ['1.4', '1.5', '1.6', '1.7'];

/** The fields we read, after the official schema has vouched for their types. */
interface CdxComponent {
  'bom-ref'?: string;
  name: string;
  version?: string;
  purl?: string;
  licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }>;
  hashes?: Array<{ alg: string; content: string }>;
  components?: CdxComponent[];
  properties?: CdxProperty[];
}
interface CdxProperty {
  name: string;
  value?: string;
}
interface CdxService {
  'bom-ref'?: string;
  services?: CdxService[];
}
interface CdxBom {
  bomFormat: 'CycloneDX';
  specVersion: string;
  metadata?: { component?: CdxComponent; properties?: CdxProperty[] };
  components?: CdxComponent[];
  services?: CdxService[];
  dependencies?: Array<{ ref: string; dependsOn?: string[] }>;
}

/**
 * CycloneDX 1.4–1.7 JSON → Sbom. `doc` is attacker-controlled: the format and version are checked
 * first (so the error names them), then the official schema for that version, then the rules a
 * schema cannot express: bom-refs unique across the BOM (CycloneDX 1.x: "Every bom-ref must be
 * unique within the BOM") and purls that parse (purl-spec).
 */
export function parseCycloneDx(doc: unknown): Sbom {
  const head = (typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  if (head.bomFormat !== 'CycloneDX') {
    throw new EvidenceError(
      'WRONG_FORMAT',
      `bomFormat must be "CycloneDX", got ${JSON.stringify(head.bomFormat)?.slice(0, 80)}`,
      { path: '/bomFormat' },
    );
  }
  const version = head.specVersion;
  if (typeof version !== 'string' || !(CYCLONEDX_VERSIONS as readonly string[]).includes(version)) {
    throw new EvidenceError(
      'UNSUPPORTED_SPEC_VERSION',
      `CycloneDX specVersion ${JSON.stringify(version)?.slice(0, 40)} is not supported (1.4–1.7)`,
      {
        path: '/specVersion',
      },
    );
  }
  checkSchema<CdxBom>(cycloneDxValidator(version as CycloneDxSchemaVersion), doc, `CycloneDX ${version}`);
  const bom = doc as CdxBom;

  const refs = new RefRegistry();
  const components: Component[] = [];
  const subjectRaw = bom.metadata?.component;
  const subject = subjectRaw === undefined ? undefined : toComponent(subjectRaw, '/metadata/component', refs, []);
  (bom.components ?? []).forEach((c, i) => {
    toComponent(c, `/components/${i}`, refs, components);
  });
  registerServices(bom.services ?? [], '/services', refs);

  const dependencies = (bom.dependencies ?? []).map((d, i) => {
    const dependsOn = d.dependsOn ?? [];
    checkKnown(refs, d.ref, `/dependencies/${i}/ref`);
    dependsOn.forEach((r, j) => {
      checkKnown(refs, r, `/dependencies/${i}/dependsOn/${j}`);
    });
    return { ref: d.ref, dependsOn };
  });
  const baseDigest = baseImageDigest([
    ...properties(bom.metadata?.properties, '/metadata/properties'),
    ...properties(subjectRaw?.properties, '/metadata/component/properties'),
  ]);
  return {
    format: 'cyclonedx',
    specVersion: version,
    ...(subject ? { subject } : {}),
    ...(baseDigest ? { baseDigest } : {}),
    components,
    dependencies,
  };
}

function properties(list: CdxProperty[] | undefined, path: string) {
  return (list ?? []).map((p, i) => ({ name: p.name, value: p.value ?? '', path: `${path}/${i}/value` }));
}

/** Normalizes one component and its nested components (flattened into `out`, depth-first). */
function toComponent(c: CdxComponent, path: string, refs: RefRegistry, out: Component[]): Component {
  refs.add(c['bom-ref'], `${path}/bom-ref`);
  const component: Component = { name: c.name, licenses: licensesOf(c), hashes: hashesOf(c) };
  if (c['bom-ref'] !== undefined) component.ref = c['bom-ref'];
  if (c.version !== undefined) component.version = c.version;
  if (c.purl !== undefined) {
    component.purl = c.purl;
    component.ecosystem = purlEcosystem(c.purl, `${path}/purl`);
  }
  out.push(component);
  c.components?.forEach((child, i) => {
    toComponent(child, `${path}/components/${i}`, refs, out);
  });
  return component;
}

/** A dependency names a component or service of this BOM, or another BOM through a BOM-Link (`urn:cdx:`). */
function checkKnown(refs: RefRegistry, ref: string, path: string): void {
  if (!refs.has(ref) && !ref.startsWith('urn:cdx:')) {
    throw new EvidenceError(
      'DANGLING_REF',
      `dependency names ${JSON.stringify(ref.slice(0, 200))}, which is no bom-ref of this BOM`,
      { path },
    );
  }
}

function registerServices(services: CdxService[], path: string, refs: RefRegistry): void {
  services.forEach((s, i) => {
    refs.add(s['bom-ref'], `${path}/${i}/bom-ref`);
    registerServices(s.services ?? [], `${path}/${i}/services`, refs);
  });
}

function licensesOf(c: CdxComponent): string[] {
  const out: string[] = [];
  for (const choice of c.licenses ?? []) {
    const value = choice.expression ?? choice.license?.id ?? choice.license?.name;
    if (value !== undefined) out.push(value);
  }
  return out;
}

function hashesOf(c: CdxComponent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of c.hashes ?? []) out[normalizeHashAlgorithm(h.alg)] = normalizeHex(h.content);
  return out;
}

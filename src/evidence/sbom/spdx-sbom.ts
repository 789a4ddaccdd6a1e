import type { Component, Sbom } from '../../domain/evidence.js';
import { EvidenceError } from '../evidence-error.js';
import { annotationPair, baseImageDigest } from './base-image-digest.js';
import { checkSchema } from '../schema-check.js';
import { normalizeHashAlgorithm, normalizeHex, purlEcosystem, RefRegistry } from './sbom-fields.js';
import { spdxValidator } from './sbom-validators.js';

export const SPDX_VERSIONS: readonly string[] = ['SPDX-2.2', 'SPDX-2.3'];

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  licenseConcluded?: string;
  licenseDeclared?: string;
  checksums?: Array<{ algorithm: string; checksumValue: string }>;
  externalRefs?: Array<{ referenceCategory: string; referenceType: string; referenceLocator: string }>;
  annotations?: SpdxAnnotation[];
}
interface SpdxAnnotation {
  comment: string;
}
interface SpdxDocument {
  spdxVersion: string;
  SPDXID: string;
  documentDescribes?: string[];
  annotations?: SpdxAnnotation[];
  packages?: SpdxPackage[];
  files?: Array<{ SPDXID: string }>;
  snippets?: Array<{ SPDXID: string }>;
  relationships?: Array<{ spdxElementId: string; relatedSpdxElement: string; relationshipType: string }>;
}

/** SPDX 2.3 §11 relationship types that are dependency edges: `A DEPENDS_ON B`, or `B *_DEPENDENCY_OF A`. */
const FORWARD = new Set(['DEPENDS_ON']);
const REVERSE = new Set([
  'DEPENDENCY_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
]);
/** License fields that say "nothing known" (SPDX 2.3 §7.13). */
const NO_LICENSE = new Set(['NOASSERTION', 'NONE']);

/**
 * SPDX 2.2/2.3 JSON → Sbom. `doc` is attacker-controlled: spdxVersion first, then the official 2.3
 * JSON schema, then the rules it cannot express: SPDXIDs unique in the document (SPDX 2.3 §3.2),
 * purls in externalRefs that parse. Every package becomes a component, the described one included.
 */
export function parseSpdx(doc: unknown): Sbom {
  const head = (typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  const version = head.spdxVersion;
  if (typeof version !== 'string' || !version.startsWith('SPDX-')) {
    throw new EvidenceError(
      'WRONG_FORMAT',
      `spdxVersion must be "SPDX-2.2" or "SPDX-2.3", got ${JSON.stringify(version)?.slice(0, 40)}`,
      {
        path: '/spdxVersion',
      },
    );
  }
  if (!SPDX_VERSIONS.includes(version)) {
    throw new EvidenceError(
      'UNSUPPORTED_SPEC_VERSION',
      `${version.slice(0, 40)} is not supported (SPDX-2.2, SPDX-2.3)`,
      { path: '/spdxVersion' },
    );
  }
  checkSchema<SpdxDocument>(spdxValidator(), doc, version);
  const spdx = doc as SpdxDocument;

  const refs = new RefRegistry();
  refs.add(spdx.SPDXID, '/SPDXID');
  const components = (spdx.packages ?? []).map((p, i) => toComponent(p, `/packages/${i}`, refs));
  (spdx.files ?? []).forEach((f, i) => {
    refs.add(f.SPDXID, `/files/${i}/SPDXID`);
  });
  (spdx.snippets ?? []).forEach((s, i) => {
    refs.add(s.SPDXID, `/snippets/${i}/SPDXID`);
  });

  // A Set per element: relationships are attacker-sized, and a list search per edge would be quadratic.
  const edges = new Map<string, Set<string>>();
  const described: string[] = [...(spdx.documentDescribes ?? [])];
  (spdx.relationships ?? []).forEach((r, i) => {
    const type = r.relationshipType;
    if (r.spdxElementId === spdx.SPDXID && type === 'DESCRIBES') described.push(r.relatedSpdxElement);
    if (!FORWARD.has(type) && !REVERSE.has(type)) return;
    const [from, to] = FORWARD.has(type)
      ? [r.spdxElementId, r.relatedSpdxElement]
      : [r.relatedSpdxElement, r.spdxElementId];
    if (!isElement(refs, from, `/relationships/${i}`) || !isElement(refs, to, `/relationships/${i}`)) return;
    const targets = edges.get(from) ?? new Set<string>();
    targets.add(to);
    edges.set(from, targets);
  });
  const subject = components.find((c) => c.ref === described[0]);
  const dependencies = [...edges].map(([ref, dependsOn]) => ({ ref, dependsOn: [...dependsOn] }));
  const subjectIndex = (spdx.packages ?? []).findIndex((p) => p.SPDXID === described[0]);
  const baseDigest = baseImageDigest([
    ...annotationPairs(spdx.annotations, '/annotations'),
    ...annotationPairs(spdx.packages?.[subjectIndex]?.annotations, `/packages/${subjectIndex}/annotations`),
  ]);
  return {
    format: 'spdx',
    specVersion: version.slice('SPDX-'.length),
    ...(subject ? { subject } : {}),
    ...(baseDigest ? { baseDigest } : {}),
    components,
    dependencies,
  };
}

function annotationPairs(list: SpdxAnnotation[] | undefined, path: string) {
  return (list ?? []).map((a, i) => annotationPair(a.comment, `${path}/${i}/comment`));
}

/** False for NONE/NOASSERTION and elements of other documents (`DocumentRef-…:`); a dangling local id fails. */
function isElement(refs: RefRegistry, id: string, path: string): boolean {
  if (id === 'NONE' || id === 'NOASSERTION' || id.startsWith('DocumentRef-')) return false;
  if (refs.has(id)) return true;
  throw new EvidenceError(
    'DANGLING_REF',
    `relationship names ${JSON.stringify(id.slice(0, 200))}, which is no element of this document`,
    { path },
  );
}

function toComponent(p: SpdxPackage, path: string, refs: RefRegistry): Component {
  refs.add(p.SPDXID, `${path}/SPDXID`);
  const component: Component = { ref: p.SPDXID, name: p.name, licenses: [], hashes: {} };
  if (p.versionInfo !== undefined) component.version = p.versionInfo;
  for (const license of [p.licenseConcluded, p.licenseDeclared]) {
    if (license !== undefined && !NO_LICENSE.has(license) && !component.licenses.includes(license))
      component.licenses.push(license);
  }
  for (const c of p.checksums ?? [])
    component.hashes[normalizeHashAlgorithm(c.algorithm)] = normalizeHex(c.checksumValue);
  const refIndex = (p.externalRefs ?? []).findIndex((r) => r.referenceType === 'purl');
  const purl = p.externalRefs?.[refIndex]?.referenceLocator;
  if (purl !== undefined) {
    component.purl = purl;
    component.ecosystem = purlEcosystem(purl, `${path}/externalRefs/${refIndex}/referenceLocator`);
  }
  return component;
}

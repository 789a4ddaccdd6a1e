import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { parseCycloneDx } from '../../src/evidence/sbom/cyclonedx-sbom.js';
import { parseSpdx } from '../../src/evidence/sbom/spdx-sbom.js';
import { cdx, spdx } from './sbom-documents.js';

const BASE = `sha256:${'b'.repeat(64)}`;
const KEY = 'org.opencontainers.image.base.digest';
const withProperty = (value: string, where: 'metadata' | 'component') => {
  const doc = cdx();
  const metadata = doc.metadata as { component: Record<string, unknown>; properties?: unknown };
  const properties = [{ name: KEY, value }];
  if (where === 'metadata') metadata.properties = properties;
  else metadata.component.properties = properties;
  return doc;
};
const annotated = (comment: string, onPackage: boolean) => {
  const doc = spdx();
  const annotation = { annotationDate: '2026-01-01T00:00:00Z', annotationType: 'OTHER', annotator: 'Tool: t', comment };
  if (onPackage) (doc.packages as Array<Record<string, unknown>>)[0]!.annotations = [annotation];
  else doc.annotations = [annotation];
  return doc;
};

test('the OCI base-image annotation becomes the SBOM baseDigest (CycloneDX property, SPDX annotation)', () => {
  assert.equal(parseCycloneDx(withProperty(BASE, 'metadata')).baseDigest, BASE);
  assert.equal(
    parseCycloneDx(withProperty(BASE.toUpperCase().replace('SHA256', 'sha256'), 'component')).baseDigest,
    BASE,
  );
  assert.equal(parseSpdx(annotated(`${KEY}=${BASE}`, true)).baseDigest, BASE);
  assert.equal(parseSpdx(annotated(`${KEY}: ${BASE}`, false)).baseDigest, BASE);
  assert.equal(parseCycloneDx(cdx()).baseDigest, undefined);
  // Another algorithm names no stored artifact (every artifact is keyed by sha256): skipped.
  assert.equal(parseCycloneDx(withProperty(`sha512:${'c'.repeat(128)}`, 'metadata')).baseDigest, undefined);
});

test('a malformed sha256 base digest is refused with its path, not dropped', () => {
  assert.throws(
    () => parseCycloneDx(withProperty('sha256:1234', 'component')),
    (e: unknown) =>
      e instanceof EvidenceError && e.code === 'INVALID_DIGEST' && e.path === '/metadata/component/properties/0/value',
  );
  assert.throws(
    () => parseSpdx(annotated(`${KEY}=sha256:zz`, false)),
    (e: unknown) => e instanceof EvidenceError && e.code === 'INVALID_DIGEST' && e.path === '/annotations/0/comment',
  );
});

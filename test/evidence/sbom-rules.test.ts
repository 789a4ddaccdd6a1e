import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvidenceErrorCode } from '../../src/evidence/evidence-error.js';
import { parseSbom } from '../../src/evidence/sbom/parse-sbom.js';
import { throwsEvidence, utf8 } from './evidence-assert.js';
import { cdx, spdx } from './sbom-documents.js';

test('CycloneDX normalizes components, nested components, licenses, hashes and edges', () => {
  const sbom = parseSbom(utf8(cdx()));
  assert.equal(sbom.subject?.name, 'app');
  assert.deepEqual(
    sbom.components.map((c) => [c.ref, c.ecosystem]),
    [
      ['pkg:npm/lodash@4.17.21', 'npm'],
      ['inner', 'pypi'],
      ['expr', undefined],
    ],
  );
  assert.deepEqual(sbom.components[0]?.licenses, ['MIT']);
  assert.deepEqual(sbom.components[0]?.hashes, { sha256: 'a'.repeat(64), 'sha3-512': 'b'.repeat(128) });
  assert.deepEqual(sbom.components[2]?.licenses, ['MIT OR Apache-2.0']);
  assert.deepEqual(sbom.dependencies[1], { ref: 'pkg:npm/lodash@4.17.21', dependsOn: ['inner'] });
});

test('SPDX normalizes packages, purls, checksums, licenses and reverse dependency relationships', () => {
  const sbom = parseSbom(utf8(spdx()));
  assert.equal(sbom.specVersion, '2.3');
  assert.equal(sbom.subject?.ref, 'SPDXRef-app');
  assert.deepEqual(sbom.components[0]?.licenses, ['Apache-2.0']); // NOASSERTION dropped
  assert.deepEqual(sbom.components[1], {
    ref: 'SPDXRef-req',
    name: 'requests',
    version: '2.31.0',
    licenses: [],
    hashes: { sha256: 'c'.repeat(64) },
    purl: 'pkg:pypi/requests@2.31.0',
    ecosystem: 'pypi',
  });
  assert.deepEqual(sbom.dependencies, [{ ref: 'SPDXRef-app', dependsOn: ['SPDXRef-req'] }]);
  assert.equal(parseSbom(utf8(spdx({}, 'SPDX-2.2'))).specVersion, '2.2');
});

const BAD: Array<[string, () => unknown, EvidenceErrorCode, string]> = [
  ['truncated JSON', () => JSON.stringify(cdx()).slice(0, 80), 'MALFORMED_JSON', ''],
  ['not UTF-8', () => new Uint8Array([0x7b, 0xff, 0x7d]), 'MALFORMED_ENCODING', ''],
  ['neither format', () => ({ hello: 1 }), 'UNKNOWN_FORMAT', '/'],
  ['wrong bomFormat', () => cdx({ bomFormat: 'SPDX' }), 'WRONG_FORMAT', '/bomFormat'],
  ['CycloneDX 1.3', () => cdx({}, '1.3'), 'UNSUPPORTED_SPEC_VERSION', '/specVersion'],
  ['CycloneDX 2.0', () => cdx({}, '2.0'), 'UNSUPPORTED_SPEC_VERSION', '/specVersion'],
  ['numeric specVersion', () => cdx({ specVersion: 1.6 }), 'UNSUPPORTED_SPEC_VERSION', '/specVersion'],
  ['SPDX 2.1', () => spdx({}, 'SPDX-2.1'), 'UNSUPPORTED_SPEC_VERSION', '/spdxVersion'],
  ['SPDX 3.0', () => spdx({}, 'SPDX-3.0'), 'UNSUPPORTED_SPEC_VERSION', '/spdxVersion'],
  ['wrong spdxVersion', () => spdx({}, '2.3'), 'WRONG_FORMAT', '/spdxVersion'],
  [
    'schema: component without name',
    () => cdx({ components: [{ type: 'library' }] }),
    'SCHEMA_VIOLATION',
    '/components/0',
  ],
  [
    'schema: bad hash length',
    () => cdx({ components: [{ type: 'library', name: 'x', hashes: [{ alg: 'SHA-256', content: 'ab' }] }] }),
    'SCHEMA_VIOLATION',
    '/components/0/hashes/0/content',
  ],
  [
    'schema: SPDX package without SPDXID',
    () => spdx({ packages: [{ name: 'x', downloadLocation: 'NONE' }], relationships: [] }),
    'SCHEMA_VIOLATION',
    '/packages/0',
  ],
  [
    'duplicate bom-ref',
    () =>
      cdx({
        components: [
          { type: 'library', 'bom-ref': 'a', name: 'a' },
          { type: 'library', 'bom-ref': 'a', name: 'b' },
        ],
        dependencies: [],
      }),
    'DUPLICATE_REF',
    '/components/1/bom-ref',
  ],
  [
    'bom-ref shared with the subject',
    () => cdx({ components: [{ type: 'library', 'bom-ref': 'app', name: 'a' }], dependencies: [] }),
    'DUPLICATE_REF',
    '/components/0/bom-ref',
  ],
  [
    'duplicate nested bom-ref',
    () =>
      cdx({
        components: [
          { type: 'library', 'bom-ref': 'a', name: 'a', components: [{ type: 'library', 'bom-ref': 'a', name: 'b' }] },
        ],
        dependencies: [],
      }),
    'DUPLICATE_REF',
    '/components/0/components/0/bom-ref',
  ],
  [
    'bom-ref shared with a service',
    () => cdx({ services: [{ 'bom-ref': 'app', name: 's' }] }),
    'DUPLICATE_REF',
    '/services/0/bom-ref',
  ],
  [
    'duplicate SPDXID',
    () =>
      spdx({
        files: [
          { SPDXID: 'SPDXRef-req', fileName: './a', checksums: [{ algorithm: 'SHA1', checksumValue: 'a'.repeat(40) }] },
        ],
      }),
    'DUPLICATE_REF',
    '/files/0/SPDXID',
  ],
  [
    'unparsable purl',
    () => cdx({ components: [{ type: 'library', name: 'x', purl: 'npm/lodash@1' }], dependencies: [] }),
    'INVALID_PURL',
    '/components/0/purl',
  ],
  [
    'unparsable golang purl (library ReferenceError)',
    () => cdx({ components: [{ type: 'library', name: 'x', purl: 'pkg:golang/github.com/a/b@v1' }], dependencies: [] }),
    'INVALID_PURL',
    '/components/0/purl',
  ],
  [
    'unparsable SPDX purl',
    () =>
      spdx({
        packages: [
          {
            SPDXID: 'SPDXRef-x',
            name: 'x',
            downloadLocation: 'NONE',
            externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:' }],
          },
        ],
        relationships: [],
      }),
    'INVALID_PURL',
    '/packages/0/externalRefs/0/referenceLocator',
  ],
  [
    'dangling dependency',
    () => cdx({ dependencies: [{ ref: 'app', dependsOn: ['ghost'] }] }),
    'DANGLING_REF',
    '/dependencies/0/dependsOn/0',
  ],
  [
    'dangling SPDX relationship',
    () =>
      spdx({
        relationships: [
          { spdxElementId: 'SPDXRef-app', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-ghost' },
        ],
      }),
    'DANGLING_REF',
    '/relationships/0',
  ],
];

for (const [name, make, code, path] of BAD) {
  test(`bad SBOM: ${name} → ${code}`, () => {
    const value = make();
    const bytes = value instanceof Uint8Array ? value : utf8(value);
    const e = throwsEvidence(() => parseSbom(bytes), code);
    if (path) assert.equal(e.path, path, e.message);
  });
}

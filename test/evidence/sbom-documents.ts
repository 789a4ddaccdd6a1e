// Minimal valid CycloneDX 1.6 and SPDX 2.3 documents the SBOM tests mutate.
export const cdx = (extra: Record<string, unknown> = {}, specVersion = '1.6'): Record<string, unknown> => ({
  bomFormat: 'CycloneDX',
  specVersion,
  version: 1,
  metadata: { component: { type: 'application', 'bom-ref': 'app', name: 'app', version: '1.0.0' } },
  components: [
    {
      type: 'library',
      'bom-ref': 'pkg:npm/lodash@4.17.21',
      name: 'lodash',
      version: '4.17.21',
      purl: 'pkg:npm/lodash@4.17.21',
      licenses: [{ license: { id: 'MIT' } }],
      hashes: [
        { alg: 'SHA-256', content: 'A'.repeat(64) },
        { alg: 'SHA3-512', content: 'b'.repeat(128) },
      ],
      components: [{ type: 'library', 'bom-ref': 'inner', name: 'inner', purl: 'pkg:pypi/requests@2.31.0' }],
    },
    { type: 'library', 'bom-ref': 'expr', name: 'expr', licenses: [{ expression: 'MIT OR Apache-2.0' }] },
  ],
  dependencies: [
    { ref: 'app', dependsOn: ['pkg:npm/lodash@4.17.21'] },
    { ref: 'pkg:npm/lodash@4.17.21', dependsOn: ['inner'] },
  ],
  ...extra,
});

export const spdx = (extra: Record<string, unknown> = {}, spdxVersion = 'SPDX-2.3'): Record<string, unknown> => ({
  spdxVersion,
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'doc',
  documentNamespace: 'https://example.com/doc',
  creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: test'] },
  packages: [
    {
      SPDXID: 'SPDXRef-app',
      name: 'app',
      versionInfo: '1.0.0',
      downloadLocation: 'NOASSERTION',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'Apache-2.0',
    },
    {
      SPDXID: 'SPDXRef-req',
      name: 'requests',
      versionInfo: '2.31.0',
      downloadLocation: 'NOASSERTION',
      checksums: [{ algorithm: 'SHA256', checksumValue: 'C'.repeat(64) }],
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/requests@2.31.0' },
      ],
    },
  ],
  relationships: [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-app' },
    { spdxElementId: 'SPDXRef-req', relationshipType: 'RUNTIME_DEPENDENCY_OF', relatedSpdxElement: 'SPDXRef-app' },
  ],
  ...extra,
});

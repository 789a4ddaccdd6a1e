// The one evidence-kind dispatch table (src/evidence/parse-evidence.ts): every kind has a row, the
// typed view and the stored fields come from the same parse, and anything else is no kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/domain/errors.js';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../src/domain/evidence.js';
import { parseEvidence, parseEvidenceRecord } from '../../src/evidence/parse-evidence.js';
import { fixedP256Key, keyedDsse, keyedMessageBundle, statementFor } from '../trust/keyed-bundle-fixture.js';
import { cyclonedx } from '../support/workspace.js';
import { OSV_SCANNER_REPORT } from './scan-reports.js';
import { utf8 } from './evidence-assert.js';

const { privateKey, pinned } = fixedP256Key('parse-evidence-table');
const artifact = Buffer.from('artifact');
const predicate = {
  buildDefinition: { buildType: 'https://example.com/build/v1', externalParameters: {} },
  runDetails: { builder: { id: 'https://builder.example/v1' } },
};
const SAMPLES: Record<EvidenceKind, Uint8Array> = {
  sbom: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]),
  provenance: statementFor(artifact, 'https://slsa.dev/provenance/v1', predicate),
  scan: utf8(OSV_SCANNER_REPORT),
  signature: keyedMessageBundle(privateKey, pinned.fingerprint, artifact),
  attestation: keyedDsse(
    privateKey,
    pinned.fingerprint,
    statementFor(artifact, 'https://slsa.dev/provenance/v1', predicate),
  ).envelope,
  vex: utf8({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'x',
    author: 'a',
    timestamp: '2026-11-21T00:00:00Z',
    version: 1,
    statements: [],
  }),
};

test('every evidence kind has one parser: its view and its stored fields agree on the format', () => {
  const formats = EVIDENCE_KINDS.map((kind) => {
    const view = parseEvidence(kind, SAMPLES[kind]);
    const record = parseEvidenceRecord(kind, SAMPLES[kind]);
    assert.equal(view.kind, kind);
    assert.equal(record.format, view.format, kind);
    assert.ok(record.mediaType.length > 0 && record.summary.length > 0, kind);
    return [kind, record.format];
  });
  assert.deepEqual(Object.fromEntries(formats), {
    sbom: 'cyclonedx-1.5',
    provenance: 'in-toto-v1+slsa-v1',
    scan: 'osv-scanner',
    signature: 'sigstore-bundle-v0.3',
    attestation: 'dsse-envelope+slsa-v1',
    vex: 'openvex',
  });
});

test('a kind that is not one, even a name Object.prototype has, is EVIDENCE_KIND_INVALID', () => {
  for (const kind of ['nope', 'constructor', 'toString', '__proto__']) {
    for (const parse of [parseEvidence, parseEvidenceRecord]) {
      assert.throws(
        () => parse(kind as EvidenceKind, utf8({})),
        (e: unknown) => e instanceof InputError && e.code === 'EVIDENCE_KIND_INVALID',
        kind,
      );
    }
  }
});

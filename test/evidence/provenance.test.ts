// Real attestations from ../shared/conformance/attestations (SOURCES.md §6): slsa-framework/slsa-verifier
// @ aaf98fd testdata, indexed by INDEX.json; secure-systems-lab/dsse test vectors @ 82043ad.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { EvidenceError, type EvidenceErrorCode } from '../../src/evidence/evidence-error.js';
import { parseProvenance } from '../../src/evidence/provenance/parse-provenance.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';
import { throwsEvidence, utf8 } from './evidence-assert.js';

const dir = sharedPath('conformance', 'attestations');

interface IndexCase {
  provenanceFile: string;
  format: 'dsse-envelope' | 'sigstore-bundle' | 'npm-registry-attestations';
  statementType?: string;
  predicateType?: string;
  builderId?: string;
  subjects?: Array<{ name: string; digest: Record<string, string> }>;
  artifactSha256?: string;
  artifactDigestInSubjects?: boolean;
}

/** Upstream cases whose statement is not SLSA provenance: refused as unsupported predicates, by design. */
const NOT_PROVENANCE = new Map([
  ['cli-testdata/vsa/gce/v1/gke-gce-pre.bcid-vsa.jsonl', 'a SLSA verification summary (VSA), not provenance'],
  ['gha-internal-testdata/bundle/valid.intoto.sigstore', 'predicateType is the empty string'],
]);

/**
 * Upstream's tampered-signature case changes the last base64 character of the signature so that its
 * unused bits are not zero: no canonical spelling of any bytes, refused by the one strict base64
 * rule (src/formats/base64.ts) that the trust verifier applies to the same field.
 */
const NOT_CANONICAL_BASE64 = new Map([
  ['gha-internal-testdata/bundle/invalid-dsse-sig.intoto.sigstore', '/dsseEnvelope/signatures/0/sig'],
]);

test('every SLSA provenance in slsa-verifier testdata normalizes as INDEX.json describes it', (t) => {
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const root = join(dir, 'slsa-verifier');
  const cases = (JSON.parse(readFileSync(join(root, 'INDEX.json'), 'utf8')) as { cases: IndexCase[] }).cases;
  let checked = 0;
  for (const c of cases) {
    if (c.format === 'npm-registry-attestations' || c.predicateType === undefined) continue; // below
    const bytes = readFileSync(join(root, c.provenanceFile));
    if (NOT_PROVENANCE.has(c.provenanceFile)) {
      throwsEvidence(() => parseProvenance(bytes), 'UNSUPPORTED_PREDICATE', { kind: 'unsupported' });
      continue;
    }
    if (NOT_CANONICAL_BASE64.has(c.provenanceFile)) {
      throwsEvidence(() => parseProvenance(bytes), 'MALFORMED_ENCODING', {
        path: NOT_CANONICAL_BASE64.get(c.provenanceFile)!,
      });
      continue;
    }
    const parsed = parseProvenance(bytes);
    const entry = parsed.entries[0]!;
    assert.equal(entry.container, c.format === 'dsse-envelope' ? 'dsse' : 'sigstore-bundle', c.provenanceFile);
    assert.equal(entry.provenance.statementType, c.statementType);
    assert.equal(entry.provenance.predicateType, c.predicateType);
    assert.equal(entry.provenance.builderId, c.builderId, c.provenanceFile);
    assert.deepEqual(entry.provenance.subjects, c.subjects, c.provenanceFile);
    if (c.artifactDigestInSubjects)
      assert.ok(entry.provenance.subjects.some((s) => s.digest.sha256 === c.artifactSha256));
    assert.match(entry.provenance.sourceRepository ?? '', /^https:\/\/github\.com\/[^@]+$/, c.provenanceFile);
    assert.match(entry.provenance.sourceCommit ?? '', /^[0-9a-f]{40}$/, c.provenanceFile);
    checked++;
  }
  assert.ok(checked >= 45, `checked ${checked}`);
});

test('v0.2 and v1 predicates give builder, build type, source and materials', (t) => {
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const root = join(dir, 'slsa-verifier', 'cli-testdata');
  const v02 = parseProvenance(
    readFileSync(join(root, 'gha_generic', 'v1.2.1', 'binary-linux-amd64-push-v14.intoto.jsonl')),
  );
  assert.equal(v02.format, 'in-toto-v0.1+slsa-v0.2');
  assert.equal(
    v02.entries[0]!.provenance.buildType,
    'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
  );
  assert.equal(v02.entries[0]!.provenance.sourceRepository, 'https://github.com/slsa-framework/example-package');
  assert.equal(v02.entries[0]!.provenance.sourceRef, 'refs/tags/v14');
  const bcr = parseProvenance(readFileSync(join(root, 'bcr', 'MODULE.bazel.intoto.jsonl')));
  assert.equal(bcr.format, 'in-toto-v1+slsa-v1');
  const p = bcr.entries[0]!.provenance;
  assert.equal(p.buildType, 'https://actions.github.io/buildtypes/workflow/v1');
  assert.equal(p.sourceRepository, 'https://github.com/aspect-build/rules_lint');
  assert.equal(p.sourceCommit, '8f70009fde0c94ade6ce2a054b94718c819126ec');
  assert.deepEqual(p.materials, [
    {
      uri: 'git+https://github.com/aspect-build/rules_lint@refs/heads/publish-to-bcr',
      digest: { gitCommit: '8f70009fde0c94ade6ce2a054b94718c819126ec' },
    },
  ]);
});

test('npm registry attestation documents yield their SLSA provenance bundles', (t) => {
  if (dir === undefined) return t.skip(SHARED_SKIP);
  const parsed = parseProvenance(
    readFileSync(join(dir, 'slsa-verifier', 'cli-testdata', 'npm', 'gha', 'gundam-visor-cli-v1-tag.tgz.json')),
  );
  assert.equal(parsed.entries.length, 1);
  assert.equal(parsed.entries[0]!.container, 'sigstore-bundle');
  assert.equal(parsed.entries[0]!.provenance.predicateType, 'https://slsa.dev/provenance/v1');
  assert.ok(parsed.entries[0]!.provenance.subjects[0]!.digest.sha512?.length === 128);
});

// --- hand-built statements ---------------------------------------------------------------------

const SHA256 = 'a'.repeat(64);
const SHA512 = 'b'.repeat(128);
const statement = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'registry.example/acme/api', digest: { sha256: SHA256, sha512: SHA512 } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: {
    buildDefinition: {
      buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      externalParameters: {
        workflow: {
          ref: 'refs/heads/main',
          repository: 'https://github.com/acme/api',
          path: '.github/workflows/release.yml',
        },
      },
      resolvedDependencies: [
        { uri: 'git+https://github.com/acme/api@refs/heads/main', digest: { gitCommit: 'c'.repeat(40) } },
      ],
    },
    runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
  },
  ...extra,
});
const dsse = (payload: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  payloadType: 'application/vnd.in-toto+json',
  payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64'),
  signatures: [{ keyid: 'k', sig: Buffer.from('sig').toString('base64') }],
  ...extra,
});

test('bare statement, DSSE envelope and JSON Lines with several statements', () => {
  const bare = parseProvenance(utf8(statement()));
  assert.equal(bare.entries[0]!.container, 'statement');
  assert.deepEqual(bare.entries[0]!.provenance.subjects, [
    { name: 'registry.example/acme/api', digest: { sha256: SHA256, sha512: SHA512 } },
  ]);
  assert.equal(bare.entries[0]!.provenance.builderId, 'https://github.com/actions/runner/github-hosted');
  const lines = `${JSON.stringify(dsse(statement()))}\n\n${JSON.stringify(statement({ _type: 'https://in-toto.io/Statement/v0.1' }))}\n`;
  const parsed = parseProvenance(utf8(lines));
  assert.deepEqual(
    parsed.entries.map((e) => e.container),
    ['dsse', 'statement'],
  );
  assert.equal(parsed.entries[1]!.provenance.statementType, 'https://in-toto.io/Statement/v0.1');
  assert.deepEqual(parsed.entries[0]!.provenance, bare.entries[0]!.provenance); // the envelope's payload, normalized alike
});

const BAD: Array<[string, string | Record<string, unknown>, EvidenceErrorCode, string]> = [
  ['truncated JSON', JSON.stringify(statement()).slice(0, 50), 'MALFORMED_JSON', ''],
  // Its first line `{` is no JSON value alone, so it is not retried as JSON Lines: the error is where it broke.
  [
    'pretty-printed, missing comma',
    JSON.stringify(statement(), null, 2).replace('],\n  "predicateType"', ']\n  "predicateType"'),
    'MALFORMED_JSON',
    '12:3',
  ],
  [
    'truncated second line',
    `${JSON.stringify(statement())}\n${JSON.stringify(statement()).slice(0, 40)}`,
    'MALFORMED_JSON',
    '2:41',
  ],
  ['DSSE payload not base64', dsse(statement(), { payload: 'not base64!' }), 'MALFORMED_ENCODING', '/payload'],
  [
    'DSSE signature not base64',
    dsse(statement(), { signatures: [{ sig: '$$$' }] }),
    'MALFORMED_ENCODING',
    '/signatures/0/sig',
  ],
  ['DSSE payload not JSON', dsse('{"_type": "https://in-'), 'MALFORMED_JSON', '/payload:1:23'],
  ['DSSE wrong payloadType', dsse(statement(), { payloadType: 'text/plain' }), 'WRONG_FORMAT', '/payloadType'],
  [
    'DSSE without signatures field',
    { payloadType: 'application/vnd.in-toto+json', payload: '' },
    'SCHEMA_VIOLATION',
    '/',
  ],
  ['no subject', statement({ subject: [] }), 'NO_SUBJECT', '/subject'],
  [
    'missing subject',
    (() => {
      const s = statement();
      delete s.subject;
      return s;
    })(),
    'NO_SUBJECT',
    '/subject',
  ],
  ['no subject inside DSSE', dsse(statement({ subject: [] })), 'NO_SUBJECT', '/payload/subject'],
  // Error paths name the line in the file, blank lines counted, not the statement's index.
  [
    'JSON Lines, bad third line after a blank one',
    `${JSON.stringify(statement())}\n\n${JSON.stringify(statement({ subject: [] }))}\n`,
    'NO_SUBJECT',
    'line 3/subject',
  ],
  ['subject without digest', statement({ subject: [{ name: 'x' }] }), 'SCHEMA_VIOLATION', '/subject/0'],
  [
    'short sha256',
    statement({ subject: [{ name: 'x', digest: { sha256: 'abc' } }] }),
    'INVALID_DIGEST',
    '/subject/0/digest/sha256',
  ],
  [
    'uppercase sha512',
    statement({ subject: [{ name: 'x', digest: { sha512: 'B'.repeat(128) } }] }),
    'INVALID_DIGEST',
    '/subject/0/digest/sha512',
  ],
  [
    'unknown statement version',
    statement({ _type: 'https://in-toto.io/Statement/v2' }),
    'UNSUPPORTED_SPEC_VERSION',
    '/_type',
  ],
  ['not a statement', statement({ _type: 'https://example.com/Thing' }), 'WRONG_FORMAT', '/_type'],
  [
    'other predicate',
    statement({ predicateType: 'https://spdx.dev/Document' }),
    'UNSUPPORTED_PREDICATE',
    '/predicateType',
  ],
  [
    'v1 predicate without builder',
    statement({ predicate: { buildDefinition: { buildType: 'x', externalParameters: {} }, runDetails: {} } }),
    'SCHEMA_VIOLATION',
    '/predicate/runDetails',
  ],
  [
    'v0.2 predicate without builder',
    statement({ predicateType: 'https://slsa.dev/provenance/v0.2', predicate: { buildType: 'x' } }),
    'SCHEMA_VIOLATION',
    '/predicate',
  ],
  ['neither statement nor envelope', { hello: 'world' }, 'UNKNOWN_FORMAT', '/'],
  [
    'bundle with a message signature',
    { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', messageSignature: {} },
    'WRONG_FORMAT',
    '/dsseEnvelope',
  ],
];

for (const [name, input, code, path] of BAD) {
  test(`bad provenance: ${name} → ${code}`, () => {
    const e = throwsEvidence(() => parseProvenance(typeof input === 'string' ? input : utf8(input)), code);
    if (path) assert.equal(e.path, path, e.message);
  });
}

test('property: mutated statements and envelopes yield provenance or an EvidenceError', () => {
  const inputs = [
    JSON.stringify(statement()),
    JSON.stringify(dsse(statement())),
    `${JSON.stringify(statement())}\n${JSON.stringify(dsse(statement()))}`,
  ];
  fc.assert(
    fc.property(
      fc.constantFrom(...inputs),
      fc.nat(),
      fc.nat(),
      fc.string({ maxLength: 4 }),
      (text, cut, at, insert) => {
        const i = at % text.length;
        const mutated = (text.slice(0, i) + insert + text.slice(i + 1)).slice(0, Math.max(1, cut % (text.length + 1)));
        try {
          parseProvenance(mutated);
        } catch (e) {
          assert.ok(e instanceof EvidenceError, `unexpected ${String(e)}`);
        }
      },
    ),
    { numRuns: 500 },
  );
});

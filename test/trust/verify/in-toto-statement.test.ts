// The trust verifier reads SLSA predicates with the same normalizers as `mc ingest --provenance`
// (src/evidence/provenance/slsa-predicate.ts): one answer for builder id and source repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../../../src/domain/digest.js';
import { parseProvenance } from '../../../src/evidence/provenance/parse-provenance.js';
import { parseStatement } from '../../../src/trust/verify/evidence-reading.js';
import { evaluateTrustChecks } from '../../../src/trust/gates/trust-checks.js';
import { parseEvidenceRecord } from '../../../src/evidence/parse-evidence.js';
import { loadTrust } from '../../../src/trust/policy/trust-environment.js';
import { parseTrustPolicy } from '../../../src/trust/policy/trust-policy.js';
import { BUILDER, releaseKey, sha256, signedAttestation, SOURCE, trustPolicyYaml } from '../trust-workspace-fixture.js';

const HEX = 'a'.repeat(64);
const IN_TOTO = 'application/vnd.in-toto+json';
const statement = (predicateType: string, predicate: unknown): Buffer =>
  Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'app', digest: { sha256: HEX } }],
      predicateType,
      predicate,
    }),
  );
const v1 = (ext: Record<string, unknown>, deps: unknown[] = []) => ({
  buildDefinition: {
    buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
    externalParameters: ext,
    resolvedDependencies: deps,
  },
  runDetails: { builder: { id: BUILDER } },
});

test('source repository: the workflow repository (v1), configSource without its ref (v0.2, also git+ssh with a user)', () => {
  const cases: Array<[string, string, unknown, string | undefined]> = [
    [
      'v1 workflow',
      'https://slsa.dev/provenance/v1',
      v1({ workflow: { repository: 'https://github.com/o/r', ref: 'refs/heads/main' } }, [
        { uri: 'git+https://github.com/o/r@refs/heads/main', digest: { gitCommit: 'c'.repeat(40) } },
      ]),
      'https://github.com/o/r',
    ],
    [
      'v1 dependency of another repository',
      'https://slsa.dev/provenance/v1',
      v1({ workflow: { repository: 'https://github.com/o/r', ref: 'refs/heads/main' } }, [
        { uri: 'git+https://github.com/evil/fork@refs/heads/main' },
      ]),
      'https://github.com/o/r',
    ],
    [
      'v1.0 draft',
      'https://slsa.dev/provenance/v1.0?draft',
      v1({ source: { uri: 'git+https://github.com/o/r@refs/tags/v1' } }),
      'https://github.com/o/r',
    ],
    [
      'v0.2 git+ssh',
      'https://slsa.dev/provenance/v0.2',
      {
        builder: { id: BUILDER },
        invocation: {
          configSource: { uri: 'git+ssh://git@github.com/o/r@refs/heads/main', digest: { sha1: 'd'.repeat(40) } },
        },
      },
      'ssh://git@github.com/o/r',
    ],
  ];
  for (const [name, type, predicate, repo] of cases) {
    const bytes = statement(type, predicate);
    const ours = parseStatement(IN_TOTO, bytes);
    assert.equal(ours.sourceRepository, repo, name);
    assert.equal(ours.builderId, BUILDER, name);
    // Exactly what `mc ingest --provenance` reads from the same statement.
    const theirs = parseProvenance(bytes).entries[0]!.provenance;
    assert.deepEqual(
      [ours.sourceRepository, ours.sourceCommit, ours.builderId],
      [theirs.sourceRepository, theirs.sourceCommit, theirs.builderId],
      name,
    );
  }
});

const loaded = loadTrust(parseTrustPolicy(trustPolicyYaml()), () =>
  Buffer.from(releaseKey.publicKey.export({ format: 'pem', type: 'spki' })),
);
const NOW = new Date('2026-11-22T10:00:00Z');
const checks = async (bytes: Buffer) => {
  const att = signedAttestation(bytes);
  parseEvidenceRecord('attestation', att); // accepted at ingest
  return evaluateTrustChecks(
    [{ kind: 'attestation', sha256: `sha256:${sha256(att)}` }],
    async () => att,
    loaded,
    'h',
    'prod',
    `sha256:${HEX}` as Digest,
    NOW,
  );
};

test('the v1.0 draft predicate type is SLSA provenance to the gate, and its format is named like ingest names it', async () => {
  const bytes = statement(
    'https://slsa.dev/provenance/v1.0?draft',
    v1({ workflow: { repository: SOURCE, ref: 'refs/tags/v1' } }),
  );
  assert.equal(parseEvidenceRecord('attestation', signedAttestation(bytes)).format, 'dsse-envelope+slsa-v1.0-draft');
  const r = await checks(bytes);
  assert.equal(r.provenance.ok, true, JSON.stringify(r.provenance.reasons));
});

test('a SLSA predicate breaking its schema: the signature verifies, the provenance gate says STATEMENT_MALFORMED', async () => {
  const r = await checks(statement('https://slsa.dev/provenance/v1', { runDetails: { builder: { id: BUILDER } } }));
  assert.equal(r.signatures.ok, true);
  assert.deepEqual(
    r.provenance.reasons.map((x) => x.code),
    ['STATEMENT_MALFORMED'],
  );
});

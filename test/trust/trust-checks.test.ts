// evaluateTrustChecks (pure) and its crypto cache keyed by (evidence sha256, trust material hash, env).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Digest } from '../../src/domain/digest.js';
import { evaluateTrustChecks, type TrustEvidenceItem } from '../../src/trust/trust-checks.js';
import { trustEvidenceRecord } from '../../src/trust/trust-evidence.js';
import { loadTrust } from '../../src/trust/trust-environment.js';
import { parseTrustPolicy } from '../../src/trust/trust-policy.js';
import { VerificationCache } from '../../src/trust/verification-cache.js';
import { releaseKey, sha256, signedAttestation, slsaStatement, trustPolicyYaml } from './trust-workspace-fixture.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const loaded = loadTrust(parseTrustPolicy(trustPolicyYaml()), () => Buffer.from(releaseKey.publicKey.export({ format: 'pem', type: 'spki' })));
const artifact = Buffer.from('cached artifact');
const digest = `sha256:${sha256(artifact)}` as Digest;

function item(bytes: Buffer): TrustEvidenceItem {
  return { kind: 'attestation', sha256: `sha256:${sha256(bytes)}`, normalized: trustEvidenceRecord('attestation', bytes).normalized };
}

test('verified once, then served from the cache for the same evidence and trust material; new material re-verifies', () => {
  const good = item(signedAttestation(slsaStatement(sha256(artifact))));
  const cache = new VerificationCache(60_000);
  assert.equal(evaluateTrustChecks([good], loaded, 'h1', 'prod', digest, NOW, cache).signatures.ok, true);
  assert.equal(cache.size, 1);
  // Same sha256 and material hash: the cache answers, so even a corrupted view still "verifies" — proof of a hit.
  const corrupted = { ...good, normalized: { document: 'AAAA' } };
  assert.equal(evaluateTrustChecks([corrupted], loaded, 'h1', 'prod', digest, NOW, cache).signatures.ok, true);
  // Another trust material hash (policy or pinned file changed): verified again, and the garbage fails.
  const again = evaluateTrustChecks([corrupted], loaded, 'h2', 'prod', digest, NOW, cache);
  assert.equal(again.signatures.ok, false);
  assert.ok(again.signatures.reasons.some((r) => r.code === 'BUNDLE_MALFORMED'), JSON.stringify(again.signatures.reasons));
  // After the TTL (injected clock) the entry is gone.
  const later = new Date(NOW.getTime() + 61_000);
  assert.equal(evaluateTrustChecks([corrupted], loaded, 'h1', 'prod', digest, later, cache).signatures.ok, false);
});

test('unknown environment and a view without a document fail closed with a code', () => {
  const good = item(signedAttestation(slsaStatement(sha256(artifact))));
  const unknown = evaluateTrustChecks([good], loaded, 'h', 'qa', digest, NOW);
  assert.deepEqual([unknown.signatures.reasons[0]?.code, unknown.provenance.reasons[0]?.code], ['TRUST_ENVIRONMENT_UNKNOWN', 'TRUST_ENVIRONMENT_UNKNOWN']);
  const empty = evaluateTrustChecks([{ ...good, normalized: null }], loaded, 'h', 'prod', digest, NOW);
  assert.ok(empty.signatures.reasons.some((r) => r.code === 'EVIDENCE_UNVERIFIABLE'));
});

test('property: any single flipped byte in the stored envelope never passes the signatures gate and never throws', () => {
  const bytes = signedAttestation(slsaStatement(sha256(artifact)));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const mutated = Buffer.from(bytes);
      mutated[i] = (mutated[i] ?? 0) ^ x;
      const view = { document: mutated.toString('base64') };
      const r = evaluateTrustChecks([{ kind: 'attestation', sha256: `sha256:${sha256(mutated)}`, normalized: view }], loaded, 'h', 'prod', digest, NOW);
      // A flip inside a JSON string that decodes to the same base64 bytes is the only way to stay valid.
      if (r.signatures.ok) assert.equal(Buffer.from(JSON.parse(mutated.toString()).payload, 'base64').equals(Buffer.from(JSON.parse(bytes.toString()).payload, 'base64')), true);
    }),
    { numRuns: 300 },
  );
});

test('a pass judged at now holds until the key window ends, and at most one cache TTL', () => {
  const good = item(signedAttestation(slsaStatement(sha256(artifact))));
  const pem = (): Buffer => Buffer.from(releaseKey.publicKey.export({ format: 'pem', type: 'spki' }));
  const ending = (end: Date) => loadTrust(parseTrustPolicy(trustPolicyYaml().replace('pem: release-key.pub', `pem: release-key.pub\n    valid_until: "${end.toISOString()}"`)), pem);
  const soon = new Date(NOW.getTime() + 5_000);
  const r = evaluateTrustChecks([good], ending(soon), 'h', 'prod', digest, NOW, new VerificationCache(60_000));
  assert.deepEqual([r.signatures.validUntil, r.provenance.validUntil], [soon, soon]);
  const late = evaluateTrustChecks([good], ending(new Date(NOW.getTime() + 3_600_000)), 'h', 'prod', digest, NOW, new VerificationCache(60_000));
  assert.deepEqual(late.signatures.validUntil, new Date(NOW.getTime() + 60_000));
  const expired = evaluateTrustChecks([good], ending(soon), 'h', 'prod', digest, new Date(soon.getTime() + 1));
  assert.equal(expired.signatures.ok, false);
  assert.equal(expired.signatures.validUntil, undefined);
});

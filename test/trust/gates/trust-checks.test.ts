// evaluateTrustChecks (pure but for its injected byte reader) and its crypto cache keyed by
// (evidence sha256, trust material hash, env).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Digest } from '../../../src/domain/digest.js';
import {
  evaluateTrustChecks,
  type EvidenceReader,
  type TrustEvidenceItem,
} from '../../../src/trust/gates/trust-checks.js';
import { loadTrust } from '../../../src/trust/policy/trust-environment.js';
import { parseTrustPolicy } from '../../../src/trust/policy/trust-policy.js';
import { VerificationCache } from '../../../src/trust/gates/verification-cache.js';
import { releaseKey, sha256, signedAttestation, slsaStatement, trustPolicyYaml } from '../trust-workspace-fixture.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const pem = (): Buffer => Buffer.from(releaseKey.publicKey.export({ format: 'pem', type: 'spki' }));
const loaded = loadTrust(parseTrustPolicy(trustPolicyYaml()), pem);
const artifact = Buffer.from('cached artifact');
const digest = `sha256:${sha256(artifact)}` as Digest;
const envelope = signedAttestation(slsaStatement(sha256(artifact)));
const good: TrustEvidenceItem = { kind: 'attestation', sha256: `sha256:${sha256(envelope)}` };

/** A blob store over fixed bytes that counts its reads. */
function blobs(bytes: Record<string, Uint8Array>): EvidenceReader & { reads: number } {
  const read = Object.assign(
    async (sha: string) => {
      read.reads++;
      return bytes[sha];
    },
    { reads: 0 },
  );
  return read;
}

test('verified once, then served from the cache for the same evidence and trust material; new material re-verifies', async () => {
  const read = blobs({ [good.sha256]: envelope });
  const cache = new VerificationCache(60_000);
  assert.equal((await evaluateTrustChecks([good], read, loaded, 'h1', 'prod', digest, NOW, cache)).signatures.ok, true);
  assert.equal(cache.size, 1);
  // Same sha256 and material hash: the cache answers without reading the bytes.
  assert.equal((await evaluateTrustChecks([good], read, loaded, 'h1', 'prod', digest, NOW, cache)).signatures.ok, true);
  assert.equal(read.reads, 1, 'a cache hit reads no bytes');
  // Another trust material hash (policy or pinned file changed): verified again, from freshly read bytes.
  const garbage = blobs({ [good.sha256]: Buffer.from('{') });
  const again = await evaluateTrustChecks([good], garbage, loaded, 'h2', 'prod', digest, NOW, cache);
  assert.equal(again.signatures.ok, false);
  assert.ok(
    again.signatures.reasons.some((r) => r.code === 'BUNDLE_MALFORMED'),
    JSON.stringify(again.signatures.reasons),
  );
  // After the TTL (injected clock) the entry is gone.
  const later = new Date(NOW.getTime() + 61_000);
  assert.equal(
    (await evaluateTrustChecks([good], garbage, loaded, 'h1', 'prod', digest, later, cache)).signatures.ok,
    false,
  );
});

test('unknown environment and evidence whose bytes are not stored fail closed with a code', async () => {
  const unknown = await evaluateTrustChecks([good], blobs({}), loaded, 'h', 'qa', digest, NOW);
  assert.deepEqual(
    [unknown.signatures.reasons[0]?.code, unknown.provenance.reasons[0]?.code],
    ['TRUST_ENVIRONMENT_UNKNOWN', 'TRUST_ENVIRONMENT_UNKNOWN'],
  );
  const missing = await evaluateTrustChecks([good], blobs({}), loaded, 'h', 'prod', digest, NOW);
  assert.ok(missing.signatures.reasons.some((r) => r.code === 'EVIDENCE_UNVERIFIABLE'));
});

test('property: any single flipped byte in the stored envelope never passes the signatures gate and never throws', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: envelope.length - 1 }),
      fc.integer({ min: 1, max: 255 }),
      async (i, x) => {
        const mutated = Buffer.from(envelope);
        mutated[i] = (mutated[i] ?? 0) ^ x;
        const sha = `sha256:${sha256(mutated)}`;
        const r = await evaluateTrustChecks(
          [{ kind: 'attestation', sha256: sha }],
          blobs({ [sha]: mutated }),
          loaded,
          'h',
          'prod',
          digest,
          NOW,
        );
        // A flip inside a JSON string that decodes to the same base64 bytes is the only way to stay valid.
        if (r.signatures.ok)
          assert.equal(
            Buffer.from(JSON.parse(mutated.toString()).payload, 'base64').equals(
              Buffer.from(JSON.parse(envelope.toString()).payload, 'base64'),
            ),
            true,
          );
      },
    ),
    { numRuns: 300 },
  );
});

test('a pass judged at now holds until the key window ends, and at most one cache TTL', async () => {
  const read = blobs({ [good.sha256]: envelope });
  const ending = (end: Date) =>
    loadTrust(
      parseTrustPolicy(
        trustPolicyYaml().replace(
          'pem: release-key.pub',
          `pem: release-key.pub\n    valid_until: "${end.toISOString()}"`,
        ),
      ),
      pem,
    );
  const soon = new Date(NOW.getTime() + 5_000);
  const r = await evaluateTrustChecks(
    [good],
    read,
    ending(soon),
    'h',
    'prod',
    digest,
    NOW,
    new VerificationCache(60_000),
  );
  assert.deepEqual([r.signatures.validUntil, r.provenance.validUntil], [soon, soon]);
  const late = await evaluateTrustChecks(
    [good],
    read,
    ending(new Date(NOW.getTime() + 3_600_000)),
    'h',
    'prod',
    digest,
    NOW,
    new VerificationCache(60_000),
  );
  assert.deepEqual(late.signatures.validUntil, new Date(NOW.getTime() + 60_000));
  const expired = await evaluateTrustChecks(
    [good],
    read,
    ending(soon),
    'h',
    'prod',
    digest,
    new Date(soon.getTime() + 1),
  );
  assert.equal(expired.signatures.ok, false);
  assert.equal(expired.signatures.validUntil, undefined);
});

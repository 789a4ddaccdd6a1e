// npm run bench -- trust   |   node --import tsx bench/trust.ts
// Verifications/s of a key-based DSSE attestation and of a key-based Sigstore bundle (v0.3, message
// signature) through our verifiers, against node:crypto.verify of the very same signature, in the
// same run. Deterministic inputs: a fixed P-256 key (scalar = SHA-256(label)) and a fixed artifact.
// ratio = ours/raw for the bundle (target >= 0.67, i.e. overhead <= 1.5x).
import { verify } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactFromBytes } from '../src/trust/verify/artifact-ref.js';
import { verifyBundle } from '../src/trust/verify/bundle-verifier.js';
import { verifyDsseAttestation } from '../src/trust/verify/dsse-verifier.js';
import { fixedP256Key, keyedDsse, keyedMessageBundle, statementFor } from '../test/trust/keyed-bundle-fixture.js';

const ROUNDS = 7;
const ROUND_MS = 250;

/** Runs fn repeatedly for about ROUND_MS and returns operations per second. */
function opsPerSecond(fn: () => unknown): number {
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ROUND_MS) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const round = (n: number, d = 0): number => Math.round(n * 10 ** d) / 10 ** d;

export async function run(): Promise<Record<string, unknown>> {
  const { privateKey, publicKey, pinned } = fixedP256Key('mc-bench-release-key');
  const artifactBytes = Buffer.alloc(1024, 0x61);
  const artifact = artifactFromBytes(artifactBytes); // hashed once, as ingest does
  const bundle = keyedMessageBundle(privateKey, pinned.fingerprint, artifactBytes);
  const bundleSig = Buffer.from(
    (JSON.parse(bundle.toString()) as { messageSignature: { signature: string } }).messageSignature.signature,
    'base64',
  );
  // A schema-valid SLSA v1 predicate, as real provenance carries (an empty one takes the malformed-predicate path).
  const predicate = {
    buildDefinition: {
      buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
      externalParameters: { workflow: { repository: 'https://github.com/acme/app', ref: 'refs/tags/v1.0.0' } },
    },
    runDetails: {
      builder: {
        id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
      },
    },
  };
  const dsse = keyedDsse(
    privateKey,
    pinned.fingerprint,
    statementFor(artifactBytes, 'https://slsa.dev/provenance/v1', predicate),
  );
  const trust = { roots: [], keys: [pinned] };
  const req = {
    identities: [],
    tlogThreshold: 0,
    timestampThreshold: 0,
    predicateTypes: ['https://slsa.dev/provenance/v1'],
  };
  const now = new Date('2026-11-22T10:00:00Z');

  const cases = {
    rawBundle: () => verify('sha256', artifactBytes, publicKey, bundleSig) || fail(),
    oursBundle: () => verifyBundle(bundle, artifact, trust, req, now),
    rawDsse: () => verify('sha256', dsse.pae, publicKey, dsse.sig) || fail(),
    oursDsse: () => verifyDsseAttestation(dsse.envelope, artifact, trust, req, now),
  };
  for (const fn of Object.values(cases)) for (let i = 0; i < 200; i++) fn(); // warm-up
  const samples: Record<keyof typeof cases, number[]> = { rawBundle: [], oursBundle: [], rawDsse: [], oursDsse: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(cases) as Array<[keyof typeof cases, () => unknown]>)
      samples[name].push(opsPerSecond(fn));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<
    keyof typeof cases,
    number
  >;
  return {
    bench: 'trust',
    key: 'ECDSA P-256 / SHA-256',
    rounds: ROUNDS,
    bundle_verifications_per_s: round(m.oursBundle),
    bundle_raw_crypto_verify_per_s: round(m.rawBundle),
    dsse_verifications_per_s: round(m.oursDsse),
    dsse_raw_crypto_verify_per_s: round(m.rawDsse),
    dsse_ratio: round(m.oursDsse / m.rawDsse, 3),
    target_ratio: 0.67,
    ratio: round(m.oursBundle / m.rawBundle, 3),
  };
}

function fail(): never {
  throw new Error('benchmark signature did not verify');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}

// A workspace whose SECURITY/trust-policy.yaml pins one fixed P-256 release key, and key-signed DSSE
// SLSA v1 provenance attestations built with node:crypto (valid cryptography, no Sigstore services).
import { createHash, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace } from '../support/workspace.js';
import { fixedP256Key, keyedDsse } from './keyed-bundle-fixture.js';

export const BUILDER =
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0';
export const SOURCE = 'https://github.com/acme/app';

export const TRUST_GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { signatures: advisory, provenance: off }
  prod: { signatures: enforce, provenance: enforce }
`;

export const releaseKey = fixedP256Key('mc-test-release-key');
export const otherKey = fixedP256Key('mc-test-unpinned-key');

export function trustPolicyYaml(extra = ''): string {
  return `version: 1
keys:
  - name: release-key
    pem: release-key.pub
environments:
  dev:
    keys: [release-key]
    tlog_entries: 0
    timestamps: 0
  prod:
    keys: [release-key]
    builders: [{ exact: "${BUILDER}" }]
    source_repositories: [{ exact: "${SOURCE}" }]
    tlog_entries: 0
    timestamps: 0
${extra}`;
}

/** gates.yaml with enforced signatures/provenance in prod, and the trust policy pinning releaseKey. */
export function trustWorkspace(policy = trustPolicyYaml()): {
  dir: string;
  gatesFile: string;
  waiversFile: string;
  trustPolicyFile: string;
} {
  const ws = makeWorkspace(TRUST_GATES);
  mkdirSync(join(ws.dir, 'SECURITY'));
  writeFileSync(
    join(ws.dir, 'SECURITY', 'release-key.pub'),
    releaseKey.publicKey.export({ format: 'pem', type: 'spki' }),
  );
  const trustPolicyFile = join(ws.dir, 'SECURITY', 'trust-policy.yaml');
  writeFileSync(trustPolicyFile, policy);
  return { ...ws, trustPolicyFile };
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** In-toto Statement v1 with SLSA v1 provenance naming `subjectHex` (sha256), built by `builder` from `source`. */
export function slsaStatement(subjectHex: string, builder = BUILDER, source = SOURCE): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'app.tar.gz', digest: { sha256: subjectHex } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: {
          buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
          externalParameters: {
            workflow: { repository: source, ref: 'refs/tags/v1.0.0', path: '.github/workflows/release.yml' },
          },
        },
        runDetails: { builder: { id: builder } },
      },
    }),
  );
}

/** A plain DSSE envelope signed by `key` (keyid = its fingerprint). */
export function signedAttestation(
  statement: Buffer,
  key: { privateKey: KeyObject; pinned: { fingerprint: string } } = releaseKey,
): Buffer {
  return keyedDsse(key.privateKey, key.pinned.fingerprint, statement).envelope;
}

/** The envelope with its payload altered after signing (re-encoded, signature kept). */
export function tampered(envelope: Buffer): Buffer {
  const env = JSON.parse(envelope.toString()) as { payload: string };
  const payload = Buffer.from(env.payload, 'base64').toString().replace('refs/tags/v1.0.0', 'refs/tags/v6.6.6');
  return Buffer.from(JSON.stringify({ ...env, payload: Buffer.from(payload).toString('base64') }));
}

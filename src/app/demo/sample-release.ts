import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { preAuthEncoding } from '../../trust/verify/dsse-pae.js';

/**
 * A realistic sample release for `mc demo`: a CycloneDX 1.5 SBOM of real npm packages, a SLSA v1
 * provenance statement, an osv-scanner report naming real advisories of those versions, and a
 * DSSE-signed copy of the provenance (ECDSA P-256) made with a key generated for the run.
 */
export const DEMO_NAME = 'registry.example/acme/payments-api';
export const DEMO_BUILDER = 'https://github.com/acme/release-infra/.github/workflows/build.yml@refs/heads/main';
/** The source repository the provenance names, and the one the demo's trust policy accepts. */
export const DEMO_REPOSITORY = 'https://github.com/acme/payments-api';
export const DEMO_COMMIT = '2b7e1c3f9a4d5e6f708192a3b4c5d6e7f8091a2b';

const COMPONENTS = [
  ['express', '4.18.2'],
  ['lodash', '4.17.20'],
  ['minimist', '1.2.5'],
  ['jsonwebtoken', '9.0.2'],
  ['pino', '8.16.0'],
  ['zod', '3.22.4'],
] as const;

export interface SampleRelease {
  digest: `sha256:${string}`;
  sbom: Uint8Array;
  provenance: Uint8Array;
  scan: Uint8Array;
  signedProvenance: Uint8Array;
  publicKeyPem: string;
  /** The release key's private half (PKCS#8 PEM), so a person can sign a statement of their own with it. */
  privateKeyPem: string;
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2));

export function makeSampleRelease(
  now: Date,
  key: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('ec', { namedCurve: 'P-256' }),
): SampleRelease {
  // The "image" digest: stable for the sample's content, like a reproducible build.
  const digestHex = createHash('sha256').update(`${DEMO_NAME}@${DEMO_COMMIT}`).digest('hex');
  const digest = `sha256:${digestHex}` as const;
  const sbom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    metadata: {
      timestamp: now.toISOString(),
      component: { type: 'container', 'bom-ref': 'app', name: DEMO_NAME, version: '1.4.2' },
    },
    components: COMPONENTS.map(([name, version]) => ({
      type: 'library',
      'bom-ref': `pkg:npm/${name}@${version}`,
      name,
      version,
      purl: `pkg:npm/${name}@${version}`,
      licenses: [{ license: { id: 'MIT' } }],
    })),
    dependencies: [{ ref: 'app', dependsOn: COMPONENTS.map(([n, v]) => `pkg:npm/${n}@${v}`) }],
  };
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: DEMO_NAME, digest: { sha256: digestHex } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: {
          workflow: { ref: 'refs/heads/main', repository: DEMO_REPOSITORY, path: '.github/workflows/release.yml' },
        },
        resolvedDependencies: [{ uri: `git+${DEMO_REPOSITORY}@refs/heads/main`, digest: { gitCommit: DEMO_COMMIT } }],
      },
      runDetails: {
        builder: { id: DEMO_BUILDER },
        metadata: {
          invocationId: `${DEMO_REPOSITORY}/actions/runs/1234567890/attempts/1`,
          startedOn: now.toISOString(),
        },
      },
    },
  };
  const scan = {
    results: [
      {
        source: { path: '/app/package-lock.json', type: 'lockfile' },
        packages: [
          {
            package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
            vulnerabilities: [
              {
                id: 'GHSA-35jh-r3h4-6jhm',
                aliases: ['CVE-2021-23337'],
                summary: 'Command Injection in lodash',
                severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
                database_specific: { severity: 'HIGH' },
              },
            ],
            groups: [{ ids: ['GHSA-35jh-r3h4-6jhm', 'CVE-2021-23337'], max_severity: '7.2' }],
          },
          {
            package: { name: 'minimist', version: '1.2.5', ecosystem: 'npm' },
            vulnerabilities: [
              {
                id: 'GHSA-xvch-5gv4-984h',
                aliases: ['CVE-2021-44906'],
                summary: 'Prototype Pollution in minimist',
                severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
                database_specific: { severity: 'CRITICAL' },
              },
            ],
            groups: [{ ids: ['GHSA-xvch-5gv4-984h', 'CVE-2021-44906'], max_severity: '9.8' }],
          },
        ],
      },
    ],
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const payloadType = 'application/vnd.in-toto+json';
  const sig = sign('sha256', preAuthEncoding(payloadType, payload), key.privateKey);
  const envelope = {
    payloadType,
    payload: payload.toString('base64'),
    signatures: [{ keyid: '', sig: sig.toString('base64') }],
  };
  return {
    digest,
    sbom: json(sbom),
    provenance: json(statement),
    scan: json(scan),
    signedProvenance: json(envelope),
    publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

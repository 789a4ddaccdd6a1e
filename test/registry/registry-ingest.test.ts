// mc ingest <image reference> as a use case: everything a registry holds for an image (cosign
// .sig/.att/.sbom tags with real keys, OCI referrers through the tag schema, buildx attestation
// manifests in an index) is pulled from Debian's docker-registry, stored through the gate service,
// and decided on: the cosign signature passes the signatures gate like a bundle.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ingestFromRegistry } from '../../src/app/registry-evidence.js';
import type { Digest } from '../../src/domain/digest.js';
import { BaseError } from '../../src/domain/errors.js';
import { parseOciReference } from '../../src/oci/oci-reference.js';
import { parseManifest } from '../../src/oci/oci-manifest.js';
import { cosignTag } from '../../src/oci/referrers-tag.js';
import { pushReferrer } from '../../src/registry/referrers.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { trustGateService } from '../app/trust-gate-service.js';
import { codes } from '../support/decision-gates.js';
import { releaseKey, signedAttestation, slsaStatement, trustWorkspace } from '../trust/trust-workspace-fixture.js';
import {
  cosignAttManifest,
  cosignSigManifest,
  cosignSign,
  cyclonedxSbom,
  desc,
  enc,
  OCI_INDEX,
  OCI_MANIFEST,
  push,
  pushImage,
  referrerManifest,
  simpleSigningPayload,
  spdxSbom,
} from './oci-fixtures.js';
import { registryBinary, startRegistry, type RunningRegistry } from './registry-fixture.js';

describe('ingest an image reference from docker-registry', { skip: registryBinary.skip }, () => {
  let reg: RunningRegistry;
  let client: RegistryClient;
  before(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ registry: reg.host, insecure: true });
  });
  after(async () => {
    await client?.close();
    await reg?.stop();
  });

  async function referrer(repo: string, subject: Digest, artifactType: string, content: Buffer) {
    const sm = await client.getManifest(repo, subject);
    const { manifest, blobs } = referrerManifest(
      { digest: subject, size: sm.bytes.length, mediaType: sm.mediaType },
      artifactType,
      content,
    );
    for (const b of blobs) await client.uploadBlob(repo, b);
    await pushReferrer(client, repo, parseManifest(enc(manifest), OCI_MANIFEST, 'test'));
  }

  test('cosign .sig/.att/.sbom and tag-schema referrers are stored; the cosign signature and DSSE provenance pass in prod', async () => {
    const repo = 'acme/api';
    const D = await pushImage(client, repo, '1.4.2', 'api 1.4.2');
    const payload = simpleSigningPayload(`${reg.host}/${repo}`, D);
    const sig = cosignSigManifest(payload, cosignSign(releaseKey.privateKey, payload));
    await push(client, repo, sig.manifest, sig.blobs, cosignTag(D, 'sig'));
    const att = cosignAttManifest([signedAttestation(slsaStatement(D.slice(7)))], 'https://slsa.dev/provenance/v1');
    await push(client, repo, att.manifest, att.blobs, cosignTag(D, 'att'));
    const sbom = cyclonedxSbom('left-pad');
    const config = enc({ architecture: '', os: '', rootfs: { type: 'layers', diff_ids: [] }, config: {} });
    await push(
      client,
      repo,
      {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: desc('application/vnd.oci.image.config.v1+json', config),
        layers: [desc('application/vnd.cyclonedx+json', sbom)],
      },
      [config, sbom],
      cosignTag(D, 'sbom'),
    );
    await referrer(repo, D, 'application/spdx+json', spdxSbom('api'));
    await referrer(repo, D, 'application/vnd.example.unknown+json', enc({ what: 'no idea' }));

    const ws = trustWorkspace();
    const { store, svc } = await trustGateService(ws);
    try {
      const result = await ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:1.4.2`));
      assert.equal(result.digest, D);
      assert.equal(result.reference, `${reg.host}/${repo}@${D}`);
      assert.equal(result.referrersVia, 'tag-schema');
      assert.equal(result.ingested.length, 1);
      const stored = result.ingested[0]!.evidence;
      assert.deepEqual(stored.map((e) => e.kind).sort(), ['attestation', 'sbom', 'sbom', 'signature']);
      assert.equal(stored.find((e) => e.kind === 'signature')?.format, 'cosign-simple-signing');
      assert.ok(stored.every((e) => e.created));
      assert.deepEqual(
        result.unknown.map((u) => u.artifactType),
        ['application/vnd.example.unknown+json'],
      );

      const { decision } = await svc.verify(D, 'prod', 'never');
      assert.deepEqual(codes(decision, 'signatures'), ['SIGNATURE_VERIFIED']);
      assert.equal(codes(decision, 'provenance')[0], 'PROVENANCE_VERIFIED');
      assert.equal(decision.allow, true, JSON.stringify(decision.gates));

      // By digest, a second time: the same evidence, nothing new.
      const again = await ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}@${D}`));
      assert.ok(again.ingested[0]!.evidence.every((e) => !e.created));
    } finally {
      await store.close();
    }
  });

  test('a cosign .sig alone passes the signatures gate: the simple-signing signature is what is relied on', async () => {
    const repo = 'acme/signed-only';
    const D = await pushImage(client, repo, '1.0.0', 'signed only');
    const payload = simpleSigningPayload(`${reg.host}/${repo}`, D);
    const sig = cosignSigManifest(payload, cosignSign(releaseKey.privateKey, payload));
    await push(client, repo, sig.manifest, sig.blobs, cosignTag(D, 'sig'));
    const ws = trustWorkspace();
    const { store, svc } = await trustGateService(ws);
    try {
      await ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:1.0.0`));
      const { decision } = await svc.verify(D, 'dev', 'never');
      const reason = decision.gates.find((g) => g.gate === 'signatures')?.reasons[0];
      assert.equal(reason?.code, 'SIGNATURE_VERIFIED', JSON.stringify(decision.gates));
      assert.match(reason?.message ?? '', /^signature over .* release-key/);
    } finally {
      await store.close();
    }
  });

  test('a cosign signature manifest pushed as an OCI referrer (subject, tag schema) is read like the .sig tag', async () => {
    const repo = 'acme/referrer-signed';
    const D = await pushImage(client, repo, '1.0.0', 'referrer signed');
    const sm = await client.getManifest(repo, D);
    const payload = simpleSigningPayload(`${reg.host}/${repo}`, D);
    const sig = cosignSigManifest(payload, cosignSign(releaseKey.privateKey, payload));
    const manifest = {
      ...sig.manifest,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      subject: { mediaType: sm.mediaType, digest: D, size: sm.bytes.length },
    };
    for (const b of sig.blobs) await client.uploadBlob(repo, b);
    await pushReferrer(client, repo, parseManifest(enc(manifest), OCI_MANIFEST, 'test'));
    const ws = trustWorkspace();
    const { store, svc } = await trustGateService(ws);
    try {
      const result = await ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:1.0.0`));
      assert.deepEqual(
        result.ingested[0]?.evidence.map((e) => e.format),
        ['cosign-simple-signing'],
      );
      assert.deepEqual(result.unknown, []);
      const { decision } = await svc.verify(D, 'dev', 'never');
      assert.equal(decision.gates.find((g) => g.gate === 'signatures')?.reasons[0]?.code, 'SIGNATURE_VERIFIED');
    } finally {
      await store.close();
    }
  });

  test('a cosign signature over another image is stored but fails the signatures gate; a bad SBOM referrer stores nothing', async () => {
    const repo = 'acme/worker';
    const D = await pushImage(client, repo, '2.0.0', 'worker');
    const other = await pushImage(client, repo, 'other', 'other');
    const payload = simpleSigningPayload(`${reg.host}/${repo}`, other);
    const sig = cosignSigManifest(payload, cosignSign(releaseKey.privateKey, payload));
    await push(client, repo, sig.manifest, sig.blobs, cosignTag(D, 'sig'));
    const ws = trustWorkspace();
    const { store, svc } = await trustGateService(ws);
    try {
      await ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:2.0.0`));
      const { decision } = await svc.verify(D, 'prod', 'never');
      assert.equal(decision.allow, false);
      assert.ok(JSON.stringify(decision.gates).includes('ARTIFACT_MISMATCH'), JSON.stringify(decision.gates));

      const B = await pushImage(client, repo, '2.0.1', 'worker 2.0.1');
      await referrer(repo, B, 'application/vnd.cyclonedx+json', enc({ bomFormat: 'CycloneDX', specVersion: '9.9' }));
      const s2 = simpleSigningPayload(`${reg.host}/${repo}`, B);
      const good = cosignSigManifest(s2, cosignSign(releaseKey.privateKey, s2));
      await push(client, repo, good.manifest, good.blobs, cosignTag(B, 'sig'));
      await assert.rejects(ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:2.0.1`)), (e) => {
        assert.match((e as Error).message, /referrer sha256:/, 'the error names where the bad item came from');
        assert.ok(e instanceof BaseError && ['invalid', 'unsupported', 'malformed'].includes(e.kind), String(e));
        return true;
      });
      assert.deepEqual(await store.listEvidence(B), [], 'nothing stored, not even the good signature');
    } finally {
      await store.close();
    }
  });

  test('a .sig whose signature annotation is not base64: BUNDLE_MALFORMED naming the cosign tag, nothing stored', async () => {
    const repo = 'acme/badsig';
    const D = await pushImage(client, repo, '1.0.0', 'bad sig');
    const sig = cosignSigManifest(simpleSigningPayload(`${reg.host}/${repo}`, D), 'not base64!');
    await push(client, repo, sig.manifest, sig.blobs, cosignTag(D, 'sig'));
    const ws = trustWorkspace();
    const { store, svc } = await trustGateService(ws);
    try {
      await assert.rejects(ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:1.0.0`)), (e) => {
        assert.ok(e instanceof BaseError && e.code === 'BUNDLE_MALFORMED', String(e));
        assert.ok(e.message.includes(cosignTag(D, 'sig')), e.message);
        return true;
      });
      assert.deepEqual(await store.listEvidence(D), []);
    } finally {
      await store.close();
    }
  });

  test('a buildx multi-platform index: attestation manifests land on their platform image; platforms are listed', async () => {
    const repo = 'acme/multi';
    const amd = await pushImage(client, repo, 'amd64-only', 'amd64 bits');
    const arm = await pushImage(client, repo, 'arm64-only', 'arm64 bits');
    const amdBytes = (await client.getManifest(repo, amd)).bytes;
    const armBytes = (await client.getManifest(repo, arm)).bytes;
    const statement = (predicateType: string, predicate: unknown) =>
      enc({
        _type: 'https://in-toto.io/Statement/v0.1',
        subject: [{ name: 'pkg:docker/acme/multi', digest: { sha256: amd.slice(7) } }],
        predicateType,
        predicate,
      });
    const spdx = statement('https://spdx.dev/Document', JSON.parse(spdxSbom('multi').toString()));
    const prov = statement('https://slsa.dev/provenance/v0.2', {
      builder: { id: 'https://github.com/docker/buildx@v0.12.0' },
      buildType: 'https://mobyproject.org/buildkit@v1',
    });
    const attConfig = enc({
      architecture: 'unknown',
      os: 'unknown',
      config: {},
      rootfs: { type: 'layers', diff_ids: [] },
    });
    const layer = (b: Buffer, pt: string) =>
      desc('application/vnd.in-toto+json', b, { annotations: { 'in-toto.io/predicate-type': pt } });
    const attestation = await push(
      client,
      repo,
      {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: desc('application/vnd.oci.image.config.v1+json', attConfig),
        layers: [layer(spdx, 'https://spdx.dev/Document'), layer(prov, 'https://slsa.dev/provenance/v0.2')],
      },
      [attConfig, spdx, prov],
    );
    const index = await push(
      client,
      repo,
      {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          {
            mediaType: OCI_MANIFEST,
            digest: amd,
            size: amdBytes.length,
            platform: { architecture: 'amd64', os: 'linux' },
          },
          {
            mediaType: OCI_MANIFEST,
            digest: arm,
            size: armBytes.length,
            platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
          },
          {
            mediaType: OCI_MANIFEST,
            digest: attestation.digest,
            size: attestation.bytes.length,
            platform: { architecture: 'unknown', os: 'unknown' },
            annotations: { 'vnd.docker.reference.digest': amd, 'vnd.docker.reference.type': 'attestation-manifest' },
          },
        ],
      },
      [],
      '3.0.0',
    );
    const ws = trustWorkspace();
    const { store, svc } = await trustGateService(ws);
    try {
      const result = await ingestFromRegistry(svc, client, parseOciReference(`${reg.host}/${repo}:3.0.0`));
      assert.equal(result.digest, index.digest);
      assert.equal(result.mediaType, OCI_INDEX);
      assert.deepEqual(result.children, [
        { digest: amd, platform: 'linux/amd64' },
        { digest: arm, platform: 'linux/arm64/v8' },
      ]);
      const onAmd = result.ingested.find((a) => a.digest === amd);
      assert.deepEqual(onAmd?.evidence.map((e) => e.kind).sort(), ['provenance', 'sbom']);
      assert.equal((await store.listEvidence(amd)).length, 2);
    } finally {
      await store.close();
    }
  });
});

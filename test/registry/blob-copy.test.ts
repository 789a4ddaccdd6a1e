// Blob copies between two docker-registry instances on loopback (the building block of promotion):
// streamed from one registry into a chunked upload at the other, mounted within one registry,
// skipped when present; skopeo reads back byte-identical manifests at the destination.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { copyBlob } from '../../src/registry/blob-copy.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { requireBinary } from '../support/services.js';
import { desc, digestOf, enc, OCI_MANIFEST, push } from './oci-fixtures.js';
import { registryBinary, startRegistry, type RunningRegistry } from './registry-fixture.js';

const skopeo = requireBinary('skopeo');

describe('copyBlob between two docker-registry instances', { skip: registryBinary.skip }, () => {
  let a: RunningRegistry;
  let b: RunningRegistry;
  let src: RegistryClient;
  let dst: RegistryClient;
  before(async () => {
    [a, b] = await Promise.all([startRegistry(), startRegistry()]);
    src = new RegistryClient({ registry: a.host, insecure: true });
    dst = new RegistryClient({ registry: b.host, insecure: true });
  });
  after(async () => {
    await src?.close();
    await dst?.close();
    await a?.stop();
    await b?.stop();
  });

  test('streamed across registries (a 6 MiB layer in several PATCH chunks), mounted within one, then present', async (t) => {
    const config = enc({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} });
    const layer = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < layer.length; i++) layer[i] = (i * 31) & 0xff;
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: desc('application/vnd.oci.image.config.v1+json', config),
      layers: [desc('application/vnd.oci.image.layer.v1.tar', layer)],
    };
    const { digest, bytes } = await push(src, 'acme/api', manifest, [config, layer], '1.0.0');
    const copies = [];
    for (const blob of [config, layer])
      copies.push(await copyBlob(src, 'acme/api', dst, 'mirror/api', digestOf(blob), 64 << 20));
    assert.deepEqual(
      copies.map((c) => c.how),
      ['streamed', 'streamed'],
    );
    assert.deepEqual(Buffer.from(await dst.getBlob('mirror/api', digestOf(layer), 64 << 20)), layer);
    await dst.putManifest('mirror/api', '1.0.0', bytes, OCI_MANIFEST);
    assert.equal((await dst.resolve('mirror/api', '1.0.0')).digest, digest);
    assert.equal((await copyBlob(dst, 'mirror/api', dst, 'other/api', digestOf(layer), 64 << 20)).how, 'mounted');
    assert.equal((await copyBlob(src, 'acme/api', dst, 'mirror/api', digestOf(layer), 64 << 20)).how, 'present');
    if (skopeo.skip) return t.skip(skopeo.skip);
    const raw = (host: string, repo: string) =>
      spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/${repo}:1.0.0`]).stdout;
    assert.deepEqual(raw(b.host, 'mirror/api'), raw(a.host, 'acme/api'), 'byte-identical at the destination');
    assert.equal(digestOf(raw(b.host, 'mirror/api')), digest);
  });
});

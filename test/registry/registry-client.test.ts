// The OCI client against Debian's docker-registry 2.8 on loopback (plain HTTP, --insecure):
// push (monolithic and chunked), mount, HEAD resolution, tag pagination, the referrers tag schema;
// what it pushed is cross-checked byte for byte with skopeo.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { RegistryError } from '../../src/oci/registry-error.js';
import { listReferrers, pushReferrer } from '../../src/registry/referrers.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { listTags } from '../../src/registry/tag-list.js';
import { parseManifest } from '../../src/oci/oci-manifest.js';
import { requireBinary } from '../support/services.js';
import { digestOf, enc, OCI_MANIFEST, pushImage, referrerManifest, cyclonedxSbom } from './oci-fixtures.js';
import { registryBinary, startRegistry, type RunningRegistry } from './registry-fixture.js';

const skopeo = requireBinary('skopeo');

describe('OCI client against docker-registry (no referrers API)', { skip: registryBinary.skip }, () => {
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

  test('a pushed image resolves by tag (HEAD) to the digest of its bytes, and skopeo reads the same bytes', async (t) => {
    const digest = await pushImage(client, 'acme/api', '1.0.0');
    const resolved = await client.resolve('acme/api', '1.0.0');
    assert.equal(resolved.digest, digest);
    assert.equal(resolved.mediaType, OCI_MANIFEST);
    const m = await client.getManifest('acme/api', digest);
    assert.equal(m.kind, 'manifest');
    assert.equal(digestOf(m.bytes), digest);
    if (skopeo.skip) return t.skip(skopeo.skip);
    const raw = spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/acme/api:1.0.0`]);
    assert.equal(raw.status, 0, String(raw.stderr));
    assert.equal(digestOf(raw.stdout), digest, 'skopeo reads the bytes mc pushed');
  });

  test('chunked upload and monolithic upload store the same blob; a cross-repository mount needs no upload', async () => {
    const blob = Buffer.alloc(300_000, 7);
    const d1 = await client.uploadBlob('acme/chunked', blob, { chunked: true, chunkSize: 64 * 1024 });
    assert.equal(d1, digestOf(blob));
    assert.deepEqual(Buffer.from(await client.getBlob('acme/chunked', d1, 1 << 20)), blob);
    const other = enc('monolithic');
    assert.equal(await client.uploadBlob('acme/mono', other), digestOf(other));
    assert.equal(await client.hasBlob('acme/mounted', d1), false);
    assert.equal(await client.mountBlob('acme/mounted', d1, 'acme/chunked'), true);
    assert.equal(await client.hasBlob('acme/mounted', d1), true);
  });

  test("a blob over the caller's limit is refused with BLOB_TOO_LARGE", async () => {
    const blob = Buffer.alloc(10_000, 1);
    const d = await client.uploadBlob('acme/limits', blob);
    await assert.rejects(
      client.getBlob('acme/limits', d, 1000),
      (e) => e instanceof RegistryError && e.code === 'BLOB_TOO_LARGE',
    );
  });

  test('tags are listed across Link-paginated pages', async () => {
    for (const tag of ['a', 'b', 'c', 'd', 'e']) await pushImage(client, 'acme/tags', tag, tag);
    assert.deepEqual((await listTags(client, 'acme/tags', 2)).sort(), ['a', 'b', 'c', 'd', 'e']);
  });

  test('an unknown tag is NOT_FOUND naming the reference', async () => {
    await assert.rejects(client.resolve('acme/api', 'nope'), (e) => {
      assert.ok(e instanceof RegistryError);
      assert.equal(e.code, 'NOT_FOUND');
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, new RegExp(`${reg.host}/acme/api:nope`));
      return true;
    });
  });

  test('referrers: the registry answers 404 on the API, so a pushed referrer goes into the sha256-<hex> tag index, once', async () => {
    const subject = await pushImage(client, 'acme/ref', 'v1');
    const sm = await client.getManifest('acme/ref', subject);
    assert.deepEqual(await listReferrers(client, 'acme/ref', subject), { via: 'tag-schema', descriptors: [] });
    const { manifest, blobs } = referrerManifest(
      { digest: subject, size: sm.bytes.length, mediaType: OCI_MANIFEST },
      'application/vnd.cyclonedx+json',
      cyclonedxSbom('left-pad'),
    );
    for (const b of blobs) await client.uploadBlob('acme/ref', b);
    const parsed = parseManifest(enc(manifest), OCI_MANIFEST, 'test');
    assert.equal(await pushReferrer(client, 'acme/ref', parsed), 'tag-schema');
    assert.equal(await pushReferrer(client, 'acme/ref', parsed), 'tag-schema', 'idempotent');
    const list = await listReferrers(client, 'acme/ref', subject);
    assert.equal(list.via, 'tag-schema');
    assert.equal(list.descriptors.length, 1);
    assert.equal(list.descriptors[0]?.digest, parsed.digest);
    assert.equal(list.descriptors[0]?.artifactType, 'application/vnd.cyclonedx+json');
    assert.equal((await listReferrers(client, 'acme/ref', subject, 'application/spdx+json')).descriptors.length, 0);
  });

  test('--insecure is refused for a registry that is not loopback', () => {
    assert.throws(
      () => new RegistryClient({ registry: 'registry.example', insecure: true }),
      (e) => e instanceof RegistryError && e.code === 'INSECURE_NOT_LOOPBACK' && e.kind === 'invalid',
    );
  });
});

// The client against a recorded exchange in the spec's wire format (recorded-registry.ts): Bearer
// challenges, the OCI 1.1 referrers API with pagination and artifactType filtering, evidence
// discovery over it, and every misbehaviour the issue lists as a typed error naming the reference.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RegistryError } from '../../src/oci/registry-error.js';
import { referrersTag } from '../../src/oci/referrers-tag.js';
import { discoverEvidence } from '../../src/registry/evidence-discovery.js';
import { listReferrers } from '../../src/registry/referrers.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { listTags } from '../../src/registry/tag-list.js';
import { fixedP256Key, keyedMessageBundle } from '../trust/keyed-bundle-fixture.js';
import { desc, digestOf, dsseAttestation, EMPTY, enc, OCI_INDEX, OCI_MANIFEST, spdxSbom } from './oci-fixtures.js';
import { type Exchange, recordedRegistry, type RecordedRegistry } from './recorded-registry.js';

const key = fixedP256Key('mc-registry-wire-test');
const config = enc({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } });
const image = enc({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: desc('application/vnd.oci.image.config.v1+json', config),
  layers: [],
});
const D = digestOf(image);
const subject = { mediaType: OCI_MANIFEST, digest: D, size: image.length };

function referrer(artifactType: string, content: Buffer) {
  const bytes = enc({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType,
    config: EMPTY,
    layers: [desc(artifactType, content)],
    subject,
  });
  return { bytes, digest: digestOf(bytes), artifactType, content };
}
const sarif = enc({ version: '2.1.0', runs: [{ tool: { driver: { name: 'grype' } }, results: [] }] });
const refs = [
  referrer('application/spdx+json', spdxSbom('api')),
  referrer('application/vnd.dev.sigstore.bundle.v0.3+json', keyedMessageBundle(key.privateKey, 'k', image)),
  referrer('application/sarif+json', sarif),
  referrer('application/vnd.example.unknown+json', enc({ hello: 'world' })),
  referrer(
    'application/vnd.dsse.envelope.v1+json',
    dsseAttestation(key.privateKey, D, 'https://slsa.dev/provenance/v1', {}),
  ),
];
const descriptorOf = (r: (typeof refs)[number]) => ({
  mediaType: OCI_MANIFEST,
  digest: r.digest,
  size: r.bytes.length,
  artifactType: r.artifactType,
});
const json = (body: unknown, headers: Record<string, string> = {}): Exchange => ({
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const manifest = (bytes: Uint8Array, type = OCI_MANIFEST): Exchange => ({
  status: 200,
  headers: { 'content-type': type, 'docker-content-digest': digestOf(bytes) },
  body: bytes,
});

describe('OCI client against a recorded registry exchange', () => {
  let reg: RecordedRegistry;
  let cdn: RecordedRegistry;
  let busy = 0;
  const sleeps: number[] = [];
  before(async () => {
    cdn = await recordedRegistry(() => [
      (_req, url) => (url.pathname.startsWith('/cdn/') ? { status: 200, body: refs[0]!.content } : undefined),
    ]);
    reg = await recordedRegistry((self) => [
      // Token service (distribution token spec): the scope must be asked for, the service named.
      // OAuth2 refresh-token grant (an identity token from `docker login` or a credential helper).
      (req, url, body) => {
        if (url.pathname !== '/token' || req.method !== 'POST') return undefined;
        const form = new URLSearchParams(body.toString());
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-123')
          return { status: 401 };
        if (
          form.get('service') !== 'registry.test' ||
          !(form.get('scope') ?? '').split(' ').includes('repository:acme/api:pull')
        )
          return { status: 400 };
        return json({ access_token: 'tok-api', expires_in: 300 });
      },
      (req, url) => {
        if (url.pathname !== '/token') return undefined;
        if (url.searchParams.get('service') !== 'registry.test') return { status: 400 };
        const basic = req.headers.authorization;
        if (basic !== undefined && basic !== `Basic ${Buffer.from('u:p').toString('base64')}`) return { status: 401 };
        const scopes = url.searchParams.getAll('scope');
        return json({ token: scopes.includes('repository:acme/api:pull') ? 'tok-api' : 'tok-other', expires_in: 300 });
      },
      (req, url) => {
        if (!url.pathname.startsWith('/v2/') || url.pathname.startsWith('/v2/acme/open')) return undefined;
        const repo = url.pathname.split('/').slice(2, 4).join('/');
        const want = repo === 'acme/api' ? 'Bearer tok-api' : 'Bearer tok-other';
        if (req.headers.authorization === want) return undefined;
        return {
          status: 401,
          headers: {
            'www-authenticate': `Bearer realm="http://${self.host}/token",service="registry.test",scope="repository:${repo}:pull"`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }),
        };
      },
      (_req, url) =>
        url.pathname === '/v2/acme/api/manifests/1.0' || url.pathname === `/v2/acme/api/manifests/${D}`
          ? manifest(image)
          : undefined,
      (_req, url) => {
        if (url.pathname !== `/v2/acme/api/referrers/${D}`) return undefined;
        const type = url.searchParams.get('artifactType');
        if (type !== null)
          return json(
            {
              schemaVersion: 2,
              mediaType: OCI_INDEX,
              manifests: refs.filter((r) => r.artifactType === type).map(descriptorOf),
            },
            { 'content-type': OCI_INDEX, 'oci-filters-applied': 'artifactType' },
          );
        const page = url.searchParams.get('last') === null ? refs.slice(0, 2) : refs.slice(2);
        return json(
          { schemaVersion: 2, mediaType: OCI_INDEX, manifests: page.map(descriptorOf) },
          {
            'content-type': OCI_INDEX,
            ...(page.length === 2
              ? { link: `</v2/acme/api/referrers/${D}?n=2&last=${refs[1]!.digest}>; rel="next"` }
              : {}),
          },
        );
      },
      (_req, url) => {
        const r = refs.find((x) => url.pathname === `/v2/acme/api/manifests/${x.digest}`);
        return r === undefined ? undefined : manifest(r.bytes);
      },
      (_req, url) => {
        const m = /^\/v2\/acme\/api\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
        if (m === null) return undefined;
        // The SBOM blob lives on a CDN (another origin): a redirect the client follows without credentials.
        if (m[1] === digestOf(refs[0]!.content))
          return { status: 307, headers: { location: `http://localhost:${cdn.port}/cdn/${m[1]}` } };
        const r = refs.find((x) => digestOf(x.content) === m[1]);
        return r === undefined
          ? m[1] === EMPTY.digest
            ? { status: 200, body: '{}' }
            : undefined
          : { status: 200, body: r.content };
      },
      // Misbehaviours, each on its own repository (open: no auth).
      (_req, url) =>
        url.pathname === `/v2/acme/open/manifests/sha256:${'a'.repeat(64)}`
          ? { status: 200, headers: { 'content-type': OCI_MANIFEST }, body: image }
          : undefined,
      (_req, url) =>
        url.pathname === `/v2/acme/open/blobs/${digestOf(config)}`
          ? { status: 200, body: 'not the config' }
          : undefined,
      (_req, url) =>
        url.pathname === '/v2/acme/open/manifests/huge'
          ? { status: 200, headers: { 'content-type': OCI_MANIFEST }, body: Buffer.alloc(4 * 1024 * 1024 + 1, 32) }
          : undefined,
      (_req, url) =>
        url.pathname === '/v2/acme/open/manifests/html' || url.pathname === '/v2/acme/open/tags/list'
          ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Sign in</body></html>' }
          : undefined,
      (_req, url) =>
        url.pathname === '/v2/acme/open/manifests/old'
          ? {
              status: 200,
              headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' },
              body: '{"schemaVersion":1}',
            }
          : undefined,
      (_req, url) => {
        if (url.pathname !== '/v2/acme/open/manifests/busy') return undefined;
        busy++;
        return busy <= 2 ? { status: 429, headers: { 'retry-after': '7' } } : manifest(image);
      },
      (_req, url) =>
        url.pathname === '/v2/acme/open/manifests/limited'
          ? { status: 429, headers: { 'retry-after': '1' } }
          : undefined,
      (_req, url) => (url.pathname === '/v2/acme/open/manifests/down' ? { status: 503 } : undefined),
      // Never answers (the exchange is left hanging): the client's header timeout ends it.
      (_req, url) => (url.pathname === '/v2/acme/open/manifests/hang' ? { status: 0 } : undefined),
      (_req, url) => (url.pathname === `/v2/acme/open/manifests/${D}` ? manifest(image) : undefined),
      // Docker-Content-Digest is optional: without it a tag resolves to the digest of the bytes served.
      (_req, url) =>
        url.pathname === '/v2/acme/open/manifests/nodigest'
          ? { status: 200, headers: { 'content-type': OCI_MANIFEST }, body: image }
          : undefined,
      // A registry that ignores the artifactType filter (no OCI-Filters-Applied): the client filters.
      (_req, url) =>
        url.pathname === `/v2/acme/open2/referrers/${D}`
          ? json(
              { schemaVersion: 2, mediaType: OCI_INDEX, manifests: refs.map(descriptorOf) },
              { 'content-type': OCI_INDEX },
            )
          : undefined,
      (_req, url) =>
        url.pathname === `/v2/acme/open/blobs/${EMPTY.digest}`
          ? { status: 302, headers: { location: 'http://cdn.example/blob' } }
          : undefined,
      (_req, url) =>
        url.pathname === `/v2/acme/open/manifests/${referrersTag(D)}`
          ? manifest(enc({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [descriptorOf(refs[0]!)] }), OCI_INDEX)
          : undefined,
    ]);
  });
  after(async () => {
    await reg?.close();
    await cdn?.close();
  });
  const open = (extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
    new RegistryClient({ registry: reg.host, insecure: true, sleep: async (ms) => void sleeps.push(ms), ...extra });
  const isCode = (code: string, what?: string) => (e: unknown) => {
    assert.ok(e instanceof RegistryError, String(e));
    assert.equal(e.code, code, e.message);
    if (what !== undefined) assert.ok(e.message.includes(what), e.message);
    return true;
  };

  test('Bearer challenge: the token is fetched from the realm for the scope (with Basic credentials when configured) and reused', async () => {
    const client = open({ credentials: async () => ({ username: 'u', password: 'p' }) });
    const from = reg.log.length;
    assert.equal((await client.resolve('acme/api', '1.0')).digest, D);
    assert.equal((await client.getManifest('acme/api', D)).digest, D);
    const seen = reg.log.slice(from);
    const tokens = seen.filter((l) => l.path.startsWith('/token'));
    assert.equal(tokens.length, 1, 'one token for both requests of the same scope');
    assert.match(tokens[0]!.path, /scope=repository%3Aacme%2Fapi%3Apull/);
    assert.equal(tokens[0]!.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.equal(seen.at(-1)!.authorization, 'Bearer tok-api');
    await client.close();
  });

  test('an identity token (user <token>) is exchanged with the OAuth2 refresh-token POST', async () => {
    const client = open({ credentials: async () => ({ username: '<token>', password: 'refresh-123' }) });
    assert.equal((await client.resolve('acme/api', '1.0')).digest, D);
    assert.equal(reg.log.filter((l) => l.method === 'POST' && l.path === '/token').length, 1);
    await client.close();
  });

  test('a redirect to plain HTTP off loopback is refused: REDIRECT_INVALID', async () => {
    const client = open();
    await assert.rejects(client.getBlob('acme/open', EMPTY.digest, 100), isCode('REDIRECT_INVALID', EMPTY.digest));
    await client.close();
  });

  test('a tag resolves without Docker-Content-Digest: HEAD, then the digest of what GET serves', async () => {
    const client = open();
    assert.equal((await client.resolve('acme/open', 'nodigest')).digest, D);
    await client.close();
  });

  test('a registry that ignores the artifactType filter is filtered by the client', async () => {
    const client = open();
    const scans = await listReferrers(client, 'acme/open2', D, 'application/sarif+json');
    assert.deepEqual(
      scans.descriptors.map((d) => d.digest),
      [refs[2]!.digest],
    );
    await client.close();
  });

  test('referrers API: pages followed through Link; artifactType filtered by the registry (OCI-Filters-Applied)', async () => {
    const client = open();
    const all = await listReferrers(client, 'acme/api', D);
    assert.equal(all.via, 'api');
    assert.deepEqual(
      all.descriptors.map((d) => d.digest),
      refs.map((r) => r.digest),
    );
    const sboms = await listReferrers(client, 'acme/api', D, 'application/spdx+json');
    assert.deepEqual(
      sboms.descriptors.map((d) => d.digest),
      [refs[0]!.digest],
    );
    await client.close();
  });

  test('evidence discovery maps artifact types to kinds, lists the unknown one, and the CDN blob gets no credentials', async () => {
    const client = open();
    const found = await discoverEvidence(client, 'acme/api', D);
    assert.equal(found.referrersVia, 'api');
    assert.deepEqual(found.evidence.map((e) => e.kind).sort(), ['attestation', 'sbom', 'scan', 'signature']);
    assert.equal(found.unknown.length, 1);
    assert.equal(found.unknown[0]!.artifactType, 'application/vnd.example.unknown+json');
    assert.equal(cdn.log.length, 1);
    assert.equal(cdn.log[0]!.authorization, undefined, 'credentials are not forwarded to another host');
    await client.close();
  });

  test('discovery limits: too many referrers, and too many evidence bytes in all, are refused', async () => {
    const client = open();
    await assert.rejects(
      discoverEvidence(client, 'acme/api', D, { maxBlobBytes: 1 << 20, maxReferrers: 2, maxTotalBytes: 1 << 20 }),
      isCode('RESPONSE_TOO_LARGE', 'referrers'),
    );
    await assert.rejects(
      discoverEvidence(client, 'acme/api', D, { maxBlobBytes: 1 << 20, maxReferrers: 50, maxTotalBytes: 600 }),
      (e) => e instanceof RegistryError && ['BLOB_TOO_LARGE', 'RESPONSE_TOO_LARGE'].includes(e.code),
    );
    await client.close();
  });

  test('a manifest that does not hash to the digest asked for: MANIFEST_DIGEST_MISMATCH (verification)', async () => {
    const client = open();
    await assert.rejects(
      client.getManifest('acme/open', `sha256:${'a'.repeat(64)}`),
      isCode('MANIFEST_DIGEST_MISMATCH', `${reg.host}/acme/open@sha256:aaaa`),
    );
    await client.close();
  });

  test('a blob that does not hash to its digest: BLOB_DIGEST_MISMATCH, and no bytes are handed out', async () => {
    const client = open();
    const got: Uint8Array[] = [];
    await assert.rejects(
      async () => {
        for await (const c of client.blobStream('acme/open', digestOf(config), 1 << 20)) got.push(c);
      },
      isCode('BLOB_DIGEST_MISMATCH', digestOf(config)),
    );
    assert.equal(got.length, 0, 'the only chunk is held back until the digest checks');
    await client.close();
  });

  test('a manifest over 4 MiB: MANIFEST_TOO_LARGE; schema 1: MANIFEST_UNSUPPORTED; HTML: RESPONSE_NOT_JSON', async () => {
    const client = open();
    await assert.rejects(client.getManifest('acme/open', 'huge'), isCode('MANIFEST_TOO_LARGE', 'acme/open:huge'));
    await assert.rejects(client.getManifest('acme/open', 'old'), isCode('MANIFEST_UNSUPPORTED', 'acme/open:old'));
    await assert.rejects(client.getManifest('acme/open', 'html'), isCode('RESPONSE_NOT_JSON', 'acme/open:html'));
    await assert.rejects(listTags(client, 'acme/open'), isCode('RESPONSE_NOT_JSON', 'acme/open'));
    await client.close();
  });

  test('429 with Retry-After is retried after the time the registry asks; rate limits and 5xx that persist are typed errors', async () => {
    sleeps.length = 0;
    const client = open({ maxRetries: 3 });
    assert.equal((await client.getManifest('acme/open', 'busy')).digest, D);
    assert.deepEqual(sleeps, [7000, 7000]);
    sleeps.length = 0;
    await assert.rejects(client.getManifest('acme/open', 'limited'), isCode('RATE_LIMITED', 'acme/open:limited'));
    assert.deepEqual(sleeps, [1000, 1000, 1000]);
    sleeps.length = 0;
    await assert.rejects(client.getManifest('acme/open', 'down'), isCode('REGISTRY_UNAVAILABLE', 'acme/open:down'));
    assert.deepEqual(sleeps, [250, 500, 1000], 'exponential backoff without Retry-After');
    await client.close();
  });

  test('a registry that stops answering ends in REGISTRY_UNAVAILABLE after the header timeout', async () => {
    const client = open({ headersTimeoutMs: 200, maxRetries: 1 });
    await assert.rejects(client.getManifest('acme/open', 'hang'), isCode('REGISTRY_UNAVAILABLE', 'acme/open:hang'));
    await client.close();
  });

  test('a referrers tag index pointing at a manifest the registry lacks: REFERRERS_TAG_MISSING_MANIFEST', async () => {
    const client = open();
    await assert.rejects(
      discoverEvidence(client, 'acme/open', D),
      isCode('REFERRERS_TAG_MISSING_MANIFEST', refs[0]!.digest),
    );
    await client.close();
  });
});

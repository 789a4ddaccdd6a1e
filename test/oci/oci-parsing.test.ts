// The pure OCI readers (src/oci): references, manifests, WWW-Authenticate, Link, the referrers tag
// schema, artifact-type classes and evidence content. All of it reads attacker-controlled input:
// table cases for the spec's examples and fast-check properties that nothing but a RegistryError escapes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { readEvidenceContent } from '../../src/oci/evidence-content.js';
import { classifyArtifactType } from '../../src/oci/evidence-types.js';
import { nextLink } from '../../src/oci/link-header.js';
import { MAX_MANIFEST_BYTES } from '../../src/oci/media-types.js';
import { artifactTypeOf, parseManifest } from '../../src/oci/oci-manifest.js';
import { isLoopbackHost, looksLikeImageReference, parseOciReference } from '../../src/oci/oci-reference.js';
import { cosignTag, referrersTag } from '../../src/oci/referrers-tag.js';
import { RegistryError } from '../../src/oci/registry-error.js';
import { parseWwwAuthenticate } from '../../src/oci/www-authenticate.js';
import { retryDelayMs } from '../../src/registry/retry-delay.js';

const enc = (v: unknown) => Buffer.from(JSON.stringify(v));
const digestOf = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const D = `sha256:${'ab'.repeat(32)}`;
const desc = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: D, size: 3 };
const code = (c: string) => (e: unknown) => e instanceof RegistryError && e.code === c;

test('references: registry, repository, tag or digest; Docker Hub defaults; refusals are REFERENCE_INVALID', () => {
  assert.deepEqual(parseOciReference('registry.example/acme/api:1.4.2'), {
    registry: 'registry.example',
    repository: 'acme/api',
    tag: '1.4.2',
  });
  assert.deepEqual(parseOciReference(`127.0.0.1:5000/acme/api@${D}`), {
    registry: '127.0.0.1:5000',
    repository: 'acme/api',
    digest: D,
  });
  assert.deepEqual(parseOciReference('alpine'), { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' });
  assert.deepEqual(parseOciReference('acme/api:2'), { registry: 'docker.io', repository: 'acme/api', tag: '2' });
  assert.deepEqual(parseOciReference('localhost/x:y'), { registry: 'localhost', repository: 'x', tag: 'y' });
  for (const bad of ['', 'Registry.example/UPPER:1', 'a/b@sha256:123', 'a/b:bad tag'])
    assert.throws(() => parseOciReference(bad), code('REFERENCE_INVALID'), bad);
  assert.equal(looksLikeImageReference(D), false);
  for (const ref of ['registry.example/acme/api:1', `alpine@${D}`, 'acme/api'])
    assert.equal(looksLikeImageReference(ref), true, ref);
  for (const typo of [`sha512:${'a'.repeat(128)}`, `SHA256:${'A'.repeat(64)}`, 'alpine:3.19', 'sha256:xyz'])
    assert.equal(looksLikeImageReference(typo), false, typo);
  for (const h of ['127.0.0.1:5000', 'localhost', '[::1]:5000', '127.1.2.3']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['registry.example', '10.0.0.1:5000', '127.0.0.1.nip.io', 'localhost.example'])
    assert.equal(isLoopbackHost(h), false, h);
});

test('manifests: OCI and Docker manifests and indexes read; schema 1, unknown types, bad descriptors refused', () => {
  const oci = enc({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: desc,
    layers: [desc],
    subject: desc,
    artifactType: 'application/spdx+json',
  });
  const m = parseManifest(oci, undefined, 'r', digestOf(oci) as `sha256:${string}`);
  assert.equal(m.kind, 'manifest');
  assert.equal(artifactTypeOf(m), 'application/spdx+json');
  assert.equal(m.subject?.digest, D);
  const list = enc({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifests: [{ ...desc, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }],
  });
  const idx = parseManifest(list, 'application/vnd.docker.distribution.manifest.list.v2+json', 'r');
  assert.equal(idx.kind, 'index');
  // An OCI manifest may omit mediaType: the Content-Type it was served with decides.
  const bare = enc({ schemaVersion: 2, config: desc, layers: [] });
  assert.equal(
    parseManifest(bare, 'application/vnd.oci.image.manifest.v1+json', 'r').mediaType,
    'application/vnd.oci.image.manifest.v1+json',
  );
  const cases: Array<[Uint8Array, string | undefined, string]> = [
    [enc({ schemaVersion: 1, name: 'x', tag: 'y', fsLayers: [] }), 'application/json', 'MANIFEST_UNSUPPORTED'],
    [
      enc({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v1+json' }),
      undefined,
      'MANIFEST_UNSUPPORTED',
    ],
    [enc({ schemaVersion: 2 }), 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'MANIFEST_UNSUPPORTED'],
    [
      enc({ schemaVersion: 2, mediaType: 'application/vnd.example+json', config: desc, layers: [] }),
      undefined,
      'MANIFEST_UNSUPPORTED',
    ],
    [
      enc({ schemaVersion: 2, config: { ...desc, digest: `sha512:${'a'.repeat(128)}` }, layers: [] }),
      undefined,
      'MANIFEST_UNSUPPORTED',
    ],
    [enc({ schemaVersion: 2, config: { ...desc, size: -1 }, layers: [] }), undefined, 'MANIFEST_INVALID'],
    [enc({ schemaVersion: 3, config: desc, layers: [] }), undefined, 'MANIFEST_INVALID'],
    [
      enc({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: 'x' }),
      undefined,
      'MANIFEST_INVALID',
    ],
    [
      enc({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }),
      'application/vnd.oci.image.manifest.v1+json',
      'MANIFEST_INVALID',
    ],
    [enc([1, 2]), undefined, 'MANIFEST_INVALID'],
    [Buffer.from('<html>login</html>'), 'text/html', 'RESPONSE_NOT_JSON'],
    [Buffer.alloc(MAX_MANIFEST_BYTES + 1, 32), undefined, 'MANIFEST_TOO_LARGE'],
  ];
  for (const [bytes, type, c] of cases)
    assert.throws(
      () => parseManifest(bytes, type, 'registry.example/acme/api:1'),
      (e) => code(c)(e) && (e as Error).message.startsWith('registry.example/acme/api:1'),
      c,
    );
  assert.throws(() => parseManifest(oci, undefined, 'r', `sha256:${'0'.repeat(64)}`), code('MANIFEST_DIGEST_MISMATCH'));
});

test('parseManifest on arbitrary bytes returns a manifest or throws a RegistryError, nothing else', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.json().map((j) => Buffer.from(j)),
      ),
      fc.option(fc.string(), { nil: undefined }),
      (bytes, type) => {
        try {
          parseManifest(bytes, type, 'r');
        } catch (e) {
          if (!(e instanceof RegistryError)) throw e;
        }
      },
    ),
  );
});

test('WWW-Authenticate: Bearer and Basic challenges with quoted, escaped and comma-holding values', () => {
  assert.deepEqual(
    parseWwwAuthenticate(
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:acme/api:pull,push"',
      'r',
    ),
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example/token',
          service: 'registry.example',
          scope: 'repository:acme/api:pull,push',
        },
      },
    ],
  );
  assert.deepEqual(parseWwwAuthenticate('Basic realm="a \\"quoted\\" realm", Bearer realm=https://t.example/x', 'r'), [
    { scheme: 'basic', params: { realm: 'a "quoted" realm' } },
    { scheme: 'bearer', params: { realm: 'https://t.example/x' } },
  ]);
  for (const bad of ['', '   ', 'Bearer realm="unterminated', '=x'])
    assert.throws(() => parseWwwAuthenticate(bad, 'r'), code('AUTH_CHALLENGE_INVALID'), bad);
  fc.assert(
    fc.property(fc.string(), (s) => {
      try {
        parseWwwAuthenticate(s, 'r');
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
      }
    }),
  );
});

test('Link: the rel="next" target, whatever else the header holds', () => {
  assert.equal(nextLink('</v2/acme/api/tags/list?n=2&last=b>; rel="next"'), '/v2/acme/api/tags/list?n=2&last=b');
  assert.equal(nextLink('<https://x/prev>; rel="prev", <https://x/next>; rel=next'), 'https://x/next');
  assert.equal(nextLink('<https://x/a>; rel="prev next"'), 'https://x/a');
  assert.equal(nextLink('<https://x/a>; rel="prev"'), undefined);
  assert.equal(nextLink(null), undefined);
  assert.equal(nextLink('garbage'), undefined);
});

test('referrers tag schema and cosign tag names', () => {
  assert.equal(referrersTag(D as `sha256:${string}`), `sha256-${'ab'.repeat(32)}`);
  assert.equal(cosignTag(D as `sha256:${string}`, 'sig'), `sha256-${'ab'.repeat(32)}.sig`);
});

test('artifact types → evidence classes as the issue lists them; unknown types are not guessed', () => {
  const table: Array<[string, string | undefined]> = [
    ['application/vnd.cyclonedx+json', 'sbom'],
    ['application/spdx+json', 'sbom'],
    ['application/vnd.in-toto+json', 'attestation'],
    ['application/vnd.dsse.envelope.v1+json', 'attestation'],
    ['application/vnd.dev.sigstore.bundle.v0.3+json', 'bundle'],
    ['application/vnd.dev.sigstore.bundle+json;version=0.3', 'bundle'],
    ['application/vnd.dev.sigstore.bundle+json; version=0.3', 'bundle'],
    ['application/sarif+json', 'scan'],
    ['application/vnd.example.thing+json', undefined],
    ['application/json', undefined],
  ];
  for (const [type, cls] of table) assert.equal(classifyArtifactType(type), cls, type);
});

test('evidence content: bundles by what they hold, DSSE, unsigned statements by predicate, the rest unknown', () => {
  const bundle = (content: Record<string, unknown>) =>
    enc({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', verificationMaterial: {}, ...content });
  assert.equal(readEvidenceContent('bundle', bundle({ messageSignature: {} })).kind, 'signature');
  assert.equal(readEvidenceContent('bundle', bundle({ dsseEnvelope: {} })).kind, 'attestation');
  assert.equal(readEvidenceContent('bundle', enc({ hello: 1 })).kind, undefined);
  assert.equal(
    readEvidenceContent(
      'attestation',
      enc({ payloadType: 'application/vnd.in-toto+json', payload: '', signatures: [] }),
    ).kind,
    'attestation',
  );
  const statement = (predicateType: string, predicate: unknown = { a: 1 }) =>
    enc({ _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType, predicate });
  assert.equal(readEvidenceContent('attestation', statement('https://slsa.dev/provenance/v1')).kind, 'provenance');
  const sbom = readEvidenceContent('attestation', statement('https://spdx.dev/Document', { spdxVersion: 'SPDX-2.3' }));
  assert.equal(sbom.kind, 'sbom');
  assert.deepEqual(sbom.kind === 'sbom' ? JSON.parse(Buffer.from(sbom.bytes).toString()) : undefined, {
    spdxVersion: 'SPDX-2.3',
  });
  assert.equal(readEvidenceContent('attestation', statement('https://example.com/custom')).kind, undefined);
  assert.equal(readEvidenceContent('attestation', Buffer.from([0xff, 0xfe])).kind, undefined);
  assert.equal(readEvidenceContent('sbom', Buffer.from('anything')).kind, 'sbom', 'the SBOM parser judges the bytes');
});

test('retry delay: Retry-After seconds or HTTP-date, else exponential backoff; always capped', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  assert.equal(retryDelayMs(0, '7', 250, 30_000, now), 7000);
  assert.equal(retryDelayMs(0, 'Mon, 30 Nov 2026 00:00:05 GMT', 250, 30_000, now), 5000);
  assert.equal(retryDelayMs(0, 'Sun, 29 Nov 2026 00:00:05 GMT', 250, 30_000, now), 0);
  assert.equal(retryDelayMs(0, '86400', 250, 30_000, now), 30_000);
  assert.equal(retryDelayMs(3, null, 250, 30_000, now), 2000);
  assert.equal(retryDelayMs(3, 'soon', 250, 30_000, now), 2000);
  assert.equal(retryDelayMs(20, null, 250, 30_000, now), 30_000);
});

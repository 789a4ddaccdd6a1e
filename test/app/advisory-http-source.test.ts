import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { AdvisorySourceError, fetchHttpSource } from '../../src/app/advisory-http-source.js';
import { syncWatchSources } from '../../src/app/watch-sources.js';
import { AdvisoryStore } from '../../src/store/advisory-store.js';
import { AdvisorySourceStateStore } from '../../src/store/advisory-source-state-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const osv = (id: string, modified: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    schema_version: '1.6.0',
    id,
    modified,
    affected: [
      {
        package: { ecosystem: 'npm', name: 'left-pad' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }],
      },
    ],
    ...extra,
  });
const zipOf = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])));

/** A loopback OSV mirror: serves `body` with an ETag and Last-Modified, 304 when the validators match. */
class Mirror {
  body: Uint8Array = zipOf({ 'GHSA-1.json': osv('GHSA-1', '2026-11-01T00:00:00Z') });
  etag = '"v1"';
  status = 200;
  requests: IncomingHttpHeaders[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.headers);
      if (this.status !== 200) return void res.writeHead(this.status).end();
      if (req.headers['if-none-match'] === this.etag) return void res.writeHead(304).end();
      res.writeHead(200, { etag: this.etag, 'last-modified': 'Sun, 01 Nov 2026 00:00:00 GMT' }).end(this.body);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/npm/all.zip`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('HTTP advisory source', () => {
  const mirror = new Mirror();
  before(() => mirror.start());
  after(() => mirror.stop());

  test('a first request is unconditional; the validators it returns make the next a 304', async () => {
    const first = await fetchHttpSource(mirror.url, undefined);
    assert.equal(first.changed, true);
    assert.ok(first.changed && first.validators.etag === '"v1"');
    const second = await fetchHttpSource(mirror.url, first.changed ? first.validators : undefined);
    assert.equal(second.changed, false);
    const headers = mirror.requests.at(-1)!;
    assert.equal(headers['if-none-match'], '"v1"');
    assert.equal(headers['if-modified-since'], 'Sun, 01 Nov 2026 00:00:00 GMT');
  });

  test('an error status, an unreachable host or a body over the bound fail the source', async () => {
    mirror.status = 503;
    await assert.rejects(fetchHttpSource(mirror.url, undefined), {
      code: 'ADVISORY_SOURCE_UNAVAILABLE',
      kind: 'unavailable',
    });
    mirror.status = 200;
    await assert.rejects(fetchHttpSource('http://127.0.0.1:9/all.zip', undefined), AdvisorySourceError);
    await assert.rejects(fetchHttpSource(mirror.url, undefined, { maxBytes: 10 }), {
      code: 'ADVISORY_SOURCE_UNAVAILABLE',
    });
  });
});

for (const engine of ENGINES) {
  describe(`watch sources on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    const mirror = new Mirror();
    let store: ReleaseStore;
    let deps: Parameters<typeof syncWatchSources>[0];
    before(async () => {
      await mirror.start();
      store = await ReleaseStore.open((await engine.create()).engine, () => NOW);
      deps = { advisories: new AdvisoryStore(store.engine), validators: new AdvisorySourceStateStore(store.engine) };
    });
    after(async () => {
      await mirror.stop();
      await store?.close();
    });

    test('an HTTP mirror and a directory sync together; unchanged, the mirror is a 304 and nothing is re-read', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mc-osv-'));
      writeFileSync(join(dir, 'GHSA-2.json'), osv('GHSA-2', '2026-11-02T00:00:00Z'));
      const first = await syncWatchSources(deps, [mirror.url, dir], NOW);
      assert.deepEqual(first.changed.sort(), ['GHSA-1', 'GHSA-2']);
      assert.equal(
        first.sources.some((s) => s.endsWith('/npm/all.zip')),
        true,
      );
      const second = await syncWatchSources(deps, [mirror.url, dir], NOW);
      assert.deepEqual(second.changed, []);
      assert.equal(second.notModified.length, 1);
      // The mirror changes: a new ETag, an updated and a withdrawn record.
      mirror.body = zipOf({
        'GHSA-1.json': osv('GHSA-1', '2026-11-05T00:00:00Z', { withdrawn: '2026-11-05T00:00:00Z' }),
        'GHSA-3.json': osv('GHSA-3', '2026-11-05T00:00:00Z'),
      });
      mirror.etag = '"v2"';
      const third = await syncWatchSources(deps, [mirror.url, dir], NOW);
      assert.deepEqual(third.changed.sort(), ['GHSA-1', 'GHSA-3']);
      assert.deepEqual(third.withdrawn, ['GHSA-1']);
    });

    test('a source that is gone or fails fails the sync: nothing written, the validators kept', async () => {
      const syncs = (await deps.advisories.syncs()).length;
      const gone = join(mkdtempSync(join(tmpdir(), 'mc-osv-')), 'vanished');
      mkdirSync(gone);
      rmSync(gone, { recursive: true });
      await assert.rejects(syncWatchSources(deps, [mirror.url, gone], NOW), { code: 'ADVISORY_SOURCE_UNAVAILABLE' });
      mirror.etag = '"v3"';
      mirror.status = 500;
      await assert.rejects(syncWatchSources(deps, [mirror.url], NOW), { code: 'ADVISORY_SOURCE_UNAVAILABLE' });
      mirror.status = 200;
      assert.equal((await deps.advisories.syncs()).length, syncs);
      assert.deepEqual(await deps.validators.get(mirror.url), {
        etag: '"v2"',
        lastModified: 'Sun, 01 Nov 2026 00:00:00 GMT',
      });
    });
  });
}

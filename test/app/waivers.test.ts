import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { GateService } from '../../src/app/gate-service.js';
import { WaiverError } from '../../src/app/waiver-error.js';
import type { WaiverService } from '../../src/app/waiver-service.js';
import { decodeLedgerEntry } from '../../src/ledger/ledger-entry.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import type { AdvisoryTables } from '../../src/store/migrations/002-advisories.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { WaiverStore } from '../../src/store/waiver-store.js';
import { buildApp } from '../../src/server/app.js';
import { testInstallation } from '../support/installation.js';
import { ENGINES } from '../support/engines.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const TOKEN = 'waiver-test-token-0123456789';
/** What TokenAuthenticator.check returns for TOKEN: `token:` + the first 8 hex of its SHA-256. */
const TOKEN_LABEL = `token:${createHash('sha256').update(TOKEN).digest('hex').slice(0, 8)}`;
const digest = `sha256:${'c'.repeat(64)}`;
const GATES = `version: 1
environments: { prod: prod }
profiles:
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
waivers:
  max_ttl: 7d
  remind_before: 48h
`;
const FILE_WAIVERS = `version: 1
waivers:
  - id: file-1
    advisory: GHSA-file-0001
    owner: team-b
    reason: file waiver
    created: 2026-11-20T10:00:00Z
    ttl: 3d
`;

function assertWaiverError(code: string) {
  return (e: unknown) => e instanceof WaiverError && e.code === code;
}

for (const engine of ENGINES) {
  describe(`waivers on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let service: GateService;
    let waivers: WaiverService;
    let app: FastifyInstance;
    let now = new Date('2026-11-22T10:00:00Z');
    let seq = 0;
    const auth = { authorization: `Bearer ${TOKEN}` };

    before(async () => {
      const ws = makeWorkspace(GATES, FILE_WAIVERS);
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      const installation = testInstallation(ws, store, () => now, {}, { newWaiverId: () => `w-svc-${++seq}` });
      service = installation.gate;
      waivers = installation.waivers;
      ({ app } = buildApp({ services: installation, apiTokens: [TOKEN], bodyLimitBytes: 1024 * 1024 }));
      // One HIGH finding with an alias, reported by a scan.
      const scan = {
        results: [
          {
            packages: [
              {
                package: { name: 'left-pad', version: '1.0.0', ecosystem: 'npm' },
                vulnerabilities: [
                  { id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2026-0001'], database_specific: { severity: 'HIGH' } },
                ],
              },
            ],
          },
        ],
      };
      await service.ingest(digest, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]) },
        { kind: 'scan', bytes: new TextEncoder().encode(JSON.stringify(scan)) },
      ]);
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    const vulnGate = async () => {
      const { decision } = await service.verify(digest, 'prod', 'never');
      return decision.gates.find((g) => g.gate === 'vulnerabilities')!;
    };

    test('service: a stored waiver (selected by an alias) waives until it expires on the injected clock, then the gate says so', async () => {
      now = new Date('2026-11-22T10:00:00Z');
      assert.equal((await vulnGate()).result, 'fail');
      const w = await waivers.add(
        { advisory: 'CVE-2026-0001', digest, owner: 'team-a', reason: 'not reachable', ttl: '2d' },
        'test',
      );
      assert.deepEqual(
        [w.created, w.expires, w.status, w.source],
        ['2026-11-22T10:00:00.000Z', '2026-11-24T10:00:00.000Z', 'active', 'api'],
      );
      service.invalidate();
      const waived = await vulnGate();
      assert.equal(waived.result, 'waived');
      assert.ok(waived.reasons.some((r) => r.code === 'VULN_WAIVED' && r.details?.waiver === w.id));
      now = new Date('2026-11-24T09:59:59.999Z');
      assert.equal((await vulnGate()).result, 'waived', 'still active one millisecond before expiry');
      now = new Date('2026-11-24T10:00:00Z');
      const expired = await vulnGate();
      assert.equal(expired.result, 'fail');
      assert.ok(expired.reasons.some((r) => r.code === 'WAIVER_EXPIRED' && r.details?.waiver === w.id));
      assert.equal((await waivers.list()).find((x) => x.id === w.id)?.status, 'expired');
      await waivers.remove(w.id, 'test');
      now = new Date('2026-11-22T10:00:00Z');
    });

    test('service: ttl over waivers.max_ttl is refused; list shows file and API waivers; due lists those expiring within the window', async () => {
      await assert.rejects(
        waivers.add({ advisory: 'GHSA-x', owner: 'a', reason: 'r', ttl: '8d' }, 'test'),
        assertWaiverError('WAIVER_TTL_TOO_LONG'),
      );
      const soon = await waivers.add({ purl: 'pkg:npm/left-pad', owner: 'team-a', reason: 'r', ttl: '1d' }, 'test');
      const later = await waivers.add({ advisory: 'GHSA-later', owner: 'team-a', reason: 'r', ttl: '7d' }, 'test');
      const all = await waivers.list();
      assert.deepEqual(
        all.map((w) => [w.id, w.source]).sort(),
        [
          ['file-1', 'file'],
          [later.id, 'api'],
          [soon.id, 'api'],
        ].sort(),
      );
      // file-1 expires 2026-11-23T10:00Z (24 h away), soon at the same time, later in 7 days.
      assert.deepEqual((await waivers.due('24h')).map((w) => w.id).sort(), ['file-1', soon.id].sort());
      assert.deepEqual(
        (await waivers.due('23h')).map((w) => w.id),
        [],
      );
      assert.equal((await waivers.due('7d')).length, 3);
      await assert.rejects(waivers.remove('file-1', 'test'), assertWaiverError('WAIVER_IN_FILE'));
      await assert.rejects(waivers.remove('w-none', 'test'), assertWaiverError('WAIVER_NOT_FOUND'));
      await waivers.remove(soon.id, 'test');
      await waivers.remove(later.id, 'test');
    });

    test('HTTP: POST needs the bearer token; a waiver expires on time and the cached decision turns into a deny', async () => {
      now = new Date('2026-11-22T10:00:00Z');
      const body = { advisory: 'GHSA-aaaa-bbbb-cccc', digest, owner: 'team-a', reason: 'accepted', ttl: '1h' };
      const post = (headers: Record<string, string>, payload: unknown) =>
        app.inject({
          method: 'POST',
          url: '/v1/waivers',
          headers: { 'content-type': 'application/json', ...headers },
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
      assert.equal((await post({}, body)).statusCode, 401);
      assert.equal((await post({ authorization: 'Bearer wrong-token-0123456789' }, body)).statusCode, 403);
      const bad = await post(auth, { ...body, ttl: '30d' });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().error.code, 'WAIVER_TTL_TOO_LONG');
      const malformed = await post(auth, '{"advisory":');
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error.code, 'MALFORMED_JSON', 'one JSON reader for every route, one code');
      const invalid = await post(auth, { ...body, digest: 'sha256:1' });
      assert.equal(invalid.statusCode, 422);
      assert.equal(invalid.json().error.path, '/digest');

      const denied = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.equal(denied.statusCode, 403);
      const created = await post(auth, body);
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      assert.equal(created.json().expires, '2026-11-22T11:00:00.000Z');
      const row = await store.engine.db
        .withTables<AdvisoryTables>()
        .selectFrom('waivers')
        .select('created_by')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.created_by, TOKEN_LABEL, 'the token label is the audit actor');
      const allowed = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.equal(allowed.statusCode, 200, allowed.body);
      assert.equal(
        (await app.inject(`/v1/verify?digest=${digest}&env=prod`))
          .json()
          .gates.find((g: { gate: string }) => g.gate === 'vulnerabilities').result,
        'waived',
      );

      const listed = (await app.inject('/v1/waivers')).json().waivers as Array<{ id: string; status: string }>;
      assert.equal(listed.find((w) => w.id === id)?.status, 'active');
      const due = (await app.inject('/v1/waivers/due?within=2h')).json();
      assert.deepEqual(
        due.waivers.map((w: { id: string }) => w.id),
        [id],
      );
      assert.equal((await app.inject('/v1/waivers/due')).json().within, '48h', 'default window: waivers.remind_before');
      assert.equal((await app.inject('/v1/waivers/due?within=soon')).statusCode, 422);

      now = new Date('2026-11-22T11:00:00Z');
      const after = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.equal(after.statusCode, 403, 'cached allow expires with the waiver');
      assert.ok(
        after
          .json()
          .gates.some((g: { reasons: Array<{ code: string }> }) => g.reasons.some((r) => r.code === 'WAIVER_EXPIRED')),
      );

      assert.equal((await app.inject({ method: 'DELETE', url: `/v1/waivers/${id}` })).statusCode, 401);
      const ledger = new LedgerStore(store.engine.db);
      assert.equal((await app.inject({ method: 'DELETE', url: `/v1/waivers/${id}`, headers: auth })).statusCode, 204);
      const { entry: revoke } = decodeLedgerEntry(await ledger.entry((await ledger.size()) - 1));
      assert.deepEqual(
        [revoke.type, revoke.actor, revoke.at],
        ['waiver', TOKEN_LABEL, '2026-11-22T11:00:00.000Z'],
        'revoked by the caller at the service clock',
      );
      assert.equal((await app.inject({ method: 'DELETE', url: `/v1/waivers/${id}`, headers: auth })).statusCode, 404);
      assert.equal((await app.inject({ method: 'DELETE', url: '/v1/waivers/file-1', headers: auth })).statusCode, 409);
      now = new Date('2026-11-22T10:00:00Z');
    });

    test('HTTP: a waiver added while a deny is cached takes effect at once (the write bumps the store generation)', async () => {
      now = new Date('2026-11-22T10:00:00Z');
      assert.equal((await app.inject(`/v1/verify?digest=${digest}&env=prod`)).statusCode, 403);
      // Written behind the service's back (another replica): the generation bump invalidates the cache.
      await new WaiverStore(store.engine).add(
        {
          id: 'w-other-replica',
          advisory: 'ghsa-aaaa-bbbb-cccc',
          owner: 'team-c',
          reason: 'r',
          created: now.toISOString(),
          expires: '2026-11-23T10:00:00.000Z',
          source: 'api',
        },
        'replica-b',
      );
      assert.equal((await app.inject(`/v1/verify?digest=${digest}&env=prod`)).statusCode, 200);
      await new WaiverStore(store.engine).remove('w-other-replica', now, 'replica-b');
    });
  });
}

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { VIEW_NAMES } from '../../src/access/access-schema.js';
import { LedgerService } from '../../src/app/ledger-service.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from '../../src/ledger/note-key.js';
import { buildApp } from '../../src/server/app.js';
import { ARTIFACT_VIEW, DECISION_VIEW } from '../../src/server/routes/artifact-routes.js';
import * as readViews from '../../src/server/routes/read-views.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const hex = (t: string) => createHash('sha256').update(t).digest('hex');
const BUILDER = 'builder-token-0123456789ab';
const AUDIT = 'auditor-token-0123456789ab';
const CI = 'ci-payments-token-0123456789';
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const json = (t: string) => ({ ...bearer(t), 'content-type': 'application/json' });
const PAY = `sha256:${'1'.repeat(64)}`;
const WEB = `sha256:${'2'.repeat(64)}`;
const ORIGIN = 'mc.test/access-projection';

/** A builder ingests and verifies without read_evidence; an auditor reads decisions; events are narrowed for it. */
const ACCESS = `version: 1
teams:
  payments: ["registry.example/payments/**"]
  web: ["registry.example/web/*"]
rules:
  - { id: admins, roles: [admin], actions: ["*"] }
  - { id: builders, roles: [builder], actions: [ingest, verify, read_decisions] }
  - { id: ci-own-team, roles: [ci], actions: [ingest, verify, read_evidence, read_decisions], team: own }
  - { id: auditors, roles: [auditor], actions: [read_decisions] }
views:
  event:
    auditor: [id, type, at, digest]
`;

/** Every key anywhere in a JSON value. */
function keys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keys(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keys(v, out);
    }
  return out;
}

test('every view access.yaml may name is declared by a read route', () => {
  const declared = [ARTIFACT_VIEW, DECISION_VIEW, ...Object.values(readViews)].map((v) => v.name).sort();
  assert.deepEqual(declared, [...VIEW_NAMES].sort());
  assert.equal(readViews.INGEST_VIEW.fields.evidence, 'read_evidence');
});

for (const engine of ENGINES) {
  describe(`projected reads on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let bypassId: string;
    before(async () => {
      const ws = makeWorkspace();
      const accessFile = join(ws.dir, 'policy', 'data', 'access.yaml');
      writeFileSync(accessFile, ACCESS);
      const tokensFile = join(ws.dir, 'tokens.yaml');
      writeFileSync(
        tokensFile,
        `tokens:\n  - { label: builder, sha256: ${hex(BUILDER)}, roles: [builder] }\n  - { label: audit, sha256: ${hex(AUDIT)}, roles: [auditor] }\n  - { label: ci-payments, sha256: ${hex(CI)}, roles: [ci], team: payments }\n`,
      );
      const now = () => new Date('2026-11-22T10:00:00Z');
      store = await ReleaseStore.open((await engine.create()).engine, now);
      const services = testInstallation(
        ws,
        store,
        now,
        {},
        { config: { apiTokens: [TEST_TOKEN], identity: { accessFile, tokensFile, metricsPublic: false } } },
      );
      const key = generateNoteKey(ORIGIN);
      const ledger = new LedgerService(
        store,
        new LedgerStore(store.engine.db),
        { signer: parseSignerKey(key.skey), verifiers: [parseVerifierKey(key.vkey)] },
        now,
      );
      ({ app } = buildApp({ services: { ...services, ledger }, apiTokens: [TEST_TOKEN], bodyLimitBytes: 1 << 20 }));
      for (const [d, name] of [
        [PAY, 'registry.example/payments/api'],
        [WEB, 'registry.example/web/site'],
      ] as const) {
        const r = await app.inject({
          method: 'POST',
          url: `/v1/artifacts/${d}/evidence?kind=sbom&name=${name}`,
          headers: bearer(TEST_TOKEN),
          payload: Buffer.from(cyclonedx([])),
        });
        assert.equal(r.statusCode, 201, r.body);
        assert.ok(r.json().evidence.length === 1, 'the admin sees what was stored');
      }
      const revoked = await app.inject({
        method: 'POST',
        url: '/v1/revocations',
        headers: json(TEST_TOKEN),
        payload: { digest: WEB, reason: 'compromised' },
      });
      assert.equal(revoked.statusCode, 201, revoked.body);
      const waiver = await app.inject({
        method: 'POST',
        url: '/v1/waivers',
        headers: json(TEST_TOKEN),
        payload: { advisory: 'CVE-2026-0001', owner: 'sec', reason: 'not reachable', ttl: '1d' },
      });
      assert.equal(waiver.statusCode, 201, waiver.body);
      const bypass = await app.inject({
        method: 'POST',
        url: '/v1/bypasses',
        headers: json(TEST_TOKEN),
        payload: { digest: PAY, env: 'prod', incident: 'SEV1-1', reason: 'outage' },
      });
      assert.equal(bypass.statusCode, 201, bypass.body);
      bypassId = bypass.json().id;
      assert.equal(
        (await app.inject({ url: `/v1/verify?digest=${PAY}&env=dev`, headers: bearer(CI) })).json().digest,
        PAY,
      );
      await ledger.checkpoint();
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test("a decision recorded because a principal called verify names that principal's label as its ledger actor", async () => {
      const rows = await store.engine.db
        .withTables<{ ledger_entries: { kind: string; entry: Uint8Array } }>()
        .selectFrom('ledger_entries')
        .select(['entry'])
        .where('kind', '=', 'decision')
        .execute();
      const actors = rows.map((r) => JSON.parse(Buffer.from(r.entry).toString('utf8')).actor);
      assert.deepEqual(actors, ['token:ci-payments']);
    });

    test('a role without read_evidence gets no evidence field from any read, nor from its own upload', async () => {
      const up = await app.inject({
        method: 'POST',
        url: `/v1/artifacts/${PAY}/evidence?kind=sbom`,
        headers: bearer(BUILDER),
        payload: Buffer.from(cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }])),
      });
      assert.equal(up.statusCode, 201, up.body);
      assert.deepEqual(Object.keys(up.json()), ['digest'], 'stored; what was stored about it needs read_evidence');
      for (const token of [BUILDER, AUDIT]) {
        for (const url of [
          `/v1/artifacts/${PAY}`,
          `/v1/decisions?digest=${PAY}`,
          '/v1/events',
          `/v1/events?digest=${WEB}`,
          '/v1/waivers',
          '/v1/waivers/due?within=2d',
          `/v1/lineage/${WEB}`,
          '/v1/ledger/checkpoint?format=json',
          '/v1/ledger/proof?index=0',
          '/v1/ledger/consistency?from=1',
          '/v1/approvals/exceptions',
          `/v1/bypasses/${bypassId}`,
          `/v1/bypasses/${bypassId}/report`,
        ]) {
          const r = await app.inject({ url, headers: bearer(token) });
          assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
          assert.ok(!keys(r.json()).has('evidence'), `${url} shows evidence`);
        }
      }
      const full = await app.inject({ url: `/v1/artifacts/${PAY}`, headers: bearer(CI) });
      assert.ok(full.json().evidence.length >= 1, 'read_evidence sees it');
    });

    test('an auditor reads decisions, proofs, checkpoints, lineage and waivers in full, events as its view narrows them', async () => {
      const h = bearer(AUDIT);
      const decisions = (await app.inject({ url: `/v1/decisions?digest=${PAY}`, headers: h })).json().decisions;
      assert.equal(decisions.length, 1);
      for (const k of ['id', 'allow', 'digest', 'env', 'gates', 'policyHash', 'accessPolicyHash', 'evaluatedAt'])
        assert.ok(k in decisions[0], `an auditor not narrowed for decisions reads ${k}`);
      const proof = (await app.inject({ url: '/v1/ledger/proof?index=0', headers: h })).json();
      assert.deepEqual(Object.keys(proof).sort(), ['leafHash', 'leafIdx', 'proof', 'root', 'treeSize']);
      const consistency = (await app.inject({ url: '/v1/ledger/consistency?from=1', headers: h })).json();
      assert.deepEqual(Object.keys(consistency).sort(), ['fromRoot', 'fromSize', 'proof', 'toRoot', 'toSize']);
      const note = await app.inject({ url: '/v1/ledger/checkpoint', headers: h });
      assert.equal(note.statusCode, 200);
      assert.match(note.body, new RegExp(`^${ORIGIN}\n`));
      const lineage = (await app.inject({ url: `/v1/lineage/${WEB}`, headers: h })).json();
      assert.equal(lineage.revocations.length, 1);
      const waivers = (await app.inject({ url: '/v1/waivers', headers: h })).json().waivers;
      assert.deepEqual([waivers.length, waivers[0].owner, waivers[0].status], [1, 'sec', 'active']);
      const events = (await app.inject({ url: '/v1/events', headers: h })).json().events;
      assert.ok(events.length > 0);
      for (const e of events) for (const k of Object.keys(e)) assert.ok(['id', 'type', 'at', 'digest'].includes(k), k);
      const adminEvents = (await app.inject({ url: '/v1/events', headers: bearer(TEST_TOKEN) })).json().events;
      assert.ok(
        adminEvents.some((e: { details?: unknown }) => e.details !== undefined),
        'a role not narrowed sees all',
      );
      const report = (await app.inject({ url: `/v1/bypasses/${bypassId}/report`, headers: h })).json();
      assert.deepEqual([report.bypass.id, report.bypass.incident], [bypassId, 'SEV1-1']);
      const md = await app.inject({ url: `/v1/bypasses/${bypassId}/report?format=markdown`, headers: h });
      assert.equal(md.statusCode, 200, 'its views hide nothing of the report');
    });

    test('a view that hides a field hides it from the text formats too: 403 ACCESS_DENIED naming the JSON form', async () => {
      const narrowed = `${ACCESS}  checkpoint:\n    auditor: [treeSize, root]\n  bypass:\n    auditor: [id, state]\n`;
      const ws = makeWorkspace();
      const accessFile = join(ws.dir, 'policy', 'data', 'access.yaml');
      writeFileSync(accessFile, narrowed);
      const tokensFile = join(ws.dir, 'tokens.yaml');
      writeFileSync(tokensFile, `tokens:\n  - { label: audit, sha256: ${hex(AUDIT)}, roles: [auditor] }\n`);
      const now = () => new Date('2026-11-22T10:00:00Z');
      const services = testInstallation(
        ws,
        store,
        now,
        {},
        { config: { apiTokens: [TEST_TOKEN], identity: { accessFile, tokensFile, metricsPublic: false } } },
      );
      const { app: narrow } = buildApp({ services, apiTokens: [TEST_TOKEN], bodyLimitBytes: 1 << 20 });
      try {
        const cp = await narrow.inject({ url: '/v1/ledger/checkpoint?format=json', headers: bearer(AUDIT) });
        assert.deepEqual(Object.keys(cp.json()).sort(), ['root', 'treeSize']);
        const text = await narrow.inject({ url: '/v1/ledger/checkpoint', headers: bearer(AUDIT) });
        assert.deepEqual([text.statusCode, text.json().error.code], [403, 'ACCESS_DENIED']);
        assert.match(text.json().error.message, /format=json/);
        const status = await narrow.inject({ url: `/v1/bypasses/${bypassId}`, headers: bearer(AUDIT) });
        assert.deepEqual(Object.keys(status.json()).sort(), ['id', 'state']);
        const md = await narrow.inject({
          url: `/v1/bypasses/${bypassId}/report?format=markdown`,
          headers: bearer(AUDIT),
        });
        assert.deepEqual([md.statusCode, md.json().error.code], [403, 'ACCESS_DENIED']);
      } finally {
        await narrow.close();
      }
    });
  });
}

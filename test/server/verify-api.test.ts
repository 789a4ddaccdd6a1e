import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ReleaseStore } from '../../src/store/release-store.js';
import { buildApp } from '../../src/server/app.js';
import { ENGINES } from '../support/engines.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';

const TOKEN = TEST_TOKEN;
const digest = `sha256:${'f'.repeat(64)}`;
const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory }
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
`;

for (const engine of ENGINES) {
  describe(`HTTP API on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let now = new Date('2026-11-22T10:00:00Z');
    const auth = { authorization: `Bearer ${TOKEN}` };
    const cacheHits = async () =>
      Number(
        /^mc_verify_duration_seconds_count\{cached="true"\} (\d+)/m.exec((await app.inject('/metrics')).body)?.[1] ?? 0,
      );

    before(async () => {
      const ws = makeWorkspace(
        GATES,
        `version: 1
waivers:
  - advisory: GHSA-test-0001
    owner: team-a
    reason: accepted for the test
    created: 2026-11-21T10:00:00Z
    ttl: 2d
`,
      );
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      const installation = testInstallation(ws, store, () => now, {});
      ({ app } = buildApp({ services: installation, apiTokens: [TOKEN], bodyLimitBytes: 1024 * 1024 }));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('health and readiness', async () => {
      assert.equal((await app.inject('/healthz')).statusCode, 200);
      const ready = await app.inject('/readyz');
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().store.engine, engine.name);
    });

    test('verify denies (403) without evidence, /metric answers 200 with the same JSON', async () => {
      const r = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().allow, false);
      assert.equal(r.json().gates[0].reasons[0].code, 'ARTIFACT_UNKNOWN', 'never ingested: the deny says so first');
      assert.equal(r.json().gates.find((g: { gate: string }) => g.gate === 'sbom').reasons[0].code, 'SBOM_MISSING');
      const m = await app.inject(`/v1/verify/metric?digest=${digest}&env=prod`);
      assert.equal(m.statusCode, 200);
      assert.equal(m.json().allow, false);
    });

    test('mutating endpoints need a bearer token', async () => {
      const url = `/v1/artifacts/${digest}/evidence?kind=sbom`;
      const body = cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]);
      assert.equal((await app.inject({ method: 'POST', url, payload: Buffer.from(body) })).statusCode, 401);
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url,
            payload: Buffer.from(body),
            headers: { authorization: 'Bearer wrong-token-but-long-enough' },
          })
        ).statusCode,
        403,
      );
    });

    test('bad input is a 4xx with a code, never a 5xx or a stack trace', async () => {
      const cases: Array<[string, string, number, string | undefined, Buffer | undefined]> = [
        ['GET', `/v1/verify?digest=sha256:xyz&env=prod`, 400, 'BAD_DIGEST', undefined],
        ['GET', `/v1/verify?digest=${digest}&env=qa`, 400, 'ENVIRONMENT_UNKNOWN', undefined],
        ['GET', `/v1/verify?digest=${digest}`, 400, 'REQUEST_INVALID', undefined],
        [
          'POST',
          `/v1/artifacts/${digest}/evidence?kind=sbom`,
          400,
          'MALFORMED_JSON',
          Buffer.from('{"bomFormat": "CycloneDX", "spec'),
        ],
        [
          'POST',
          `/v1/artifacts/${digest}/evidence?kind=sbom`,
          422,
          undefined,
          Buffer.from('{"bomFormat": "CycloneDX", "specVersion": "1.1", "version": 1}'),
        ],
        ['POST', `/v1/artifacts/${digest}/evidence?kind=nope`, 400, 'EVIDENCE_KIND_INVALID', Buffer.from('{}')],
        ['POST', `/v1/artifacts/sha256:zz/evidence?kind=sbom`, 400, 'BAD_DIGEST', Buffer.from('{}')],
        [
          'POST',
          `/v1/artifacts/${digest}/evidence?kind=sbom`,
          413,
          'BODY_TOO_LARGE',
          Buffer.alloc(2 * 1024 * 1024, 32),
        ],
        ['GET', `/v1/artifacts/${'sha256:' + '0'.repeat(64)}`, 404, 'NOT_FOUND', undefined],
        ['GET', `/nowhere`, 404, 'ROUTE_NOT_FOUND', undefined],
      ];
      for (const [method, url, status, code, payload] of cases) {
        const r = await app.inject({
          method: method as 'GET',
          url,
          headers: { ...auth, 'content-type': 'application/json' },
          ...(payload ? { payload } : {}),
        });
        assert.equal(r.statusCode, status, `${method} ${url}: ${r.body}`);
        if (code) assert.equal(r.json().error.code, code, url);
        assert.doesNotMatch(r.body, /at .*\.(ts|js):\d+/);
      }
      assert.equal((await store.listEvidence(digest as `sha256:${string}`)).length, 0, 'nothing half-stored');
    });

    test('ingest, then allow; a waiver expiring under the injected clock turns the cached answer into a deny', async () => {
      const sbom = cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]);
      const scan = {
        results: [
          {
            packages: [
              {
                package: { name: 'left-pad', version: '1.0.0', ecosystem: 'npm' },
                vulnerabilities: [{ id: 'GHSA-test-0001', aliases: [], database_specific: { severity: 'HIGH' } }],
              },
            ],
          },
        ],
      };
      const post = async (kind: string, body: unknown) =>
        app.inject({
          method: 'POST',
          url: `/v1/artifacts/${digest}/evidence?kind=${kind}&name=registry.example/acme/api`,
          headers: auth,
          payload: Buffer.from(
            typeof body === 'string' ? body : body instanceof Uint8Array ? body : JSON.stringify(body),
          ),
        });
      const r1 = await post('sbom', sbom);
      assert.equal(r1.statusCode, 201, r1.body);
      const r2 = await post('scan', scan);
      assert.equal(r2.statusCode, 201, r2.body);
      const first = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      const before = (await store.listDecisions({ digest: digest as `sha256:${string}` })).length;
      const hitsBefore = await cacheHits();
      const again = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.deepEqual(again.json(), first.json(), 'same decision');
      assert.equal(await cacheHits(), hitsBefore + 1, 'the second GET was answered from the cache');
      assert.equal(
        (await store.listDecisions({ digest: digest as `sha256:${string}` })).length,
        before,
        'an unchanged decision is not recorded again',
      );
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().gates.find((g: { gate: string }) => g.gate === 'vulnerabilities').result, 'waived');
      now = new Date('2026-11-23T10:00:00Z');
      const after = await app.inject(`/v1/verify?digest=${digest}&env=prod`);
      assert.equal(after.statusCode, 403);
      assert.ok(
        after
          .json()
          .gates.some((g: { reasons: Array<{ code: string }> }) => g.reasons.some((x) => x.code === 'WAIVER_EXPIRED')),
      );
      assert.equal(
        (await store.listDecisions({ digest: digest as `sha256:${string}` })).length,
        before + 1,
        'the changed outcome is recorded',
      );
    });

    test('/metrics is Prometheus text with the verify counters', async () => {
      const r = await app.inject('/metrics');
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /^mc_verify_requests_total\{endpoint="verify",status="403"\} \d+/m);
      assert.match(r.body, /^mc_decisions_total\{env="prod",allow="false"\} \d+/m);
      assert.match(r.body, /^# TYPE mc_verify_duration_seconds histogram/m);
    });
  });
}

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { AUTH, TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';
import { webMeasurement } from './argo-web-provider.js';
import { deployDocuments, findOne, type Loose } from './deploy-manifests.js';

/**
 * GET /v1/verify/metric as Argo Rollouts' web provider sees it, through the AnalysisTemplate
 * deploy/argo/ ships: its URL and headers rendered with the Rollout's arguments, its condition
 * evaluated by the web-provider model that argo-web-provider.test.ts checks against Argo's table.
 */
const template: Loose = findOne(deployDocuments(), 'AnalysisTemplate', 'mc-verify').doc;
const metric: Loose = template.spec.metrics[0];
const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { sbom: advisory }
  prod:
    sbom: enforce
    vulnerabilities: { mode: enforce, block: [CRITICAL, HIGH], unknown_severity: HIGH }
`;
const ALLOWED = `sha256:${'a'.repeat(64)}`;
const DENIED = `sha256:${'d'.repeat(64)}`;
const UNKNOWN = `sha256:${'0'.repeat(64)}`;

/** Argo's `{{args.name}}` substitution, as the AnalysisRun does it (no URL encoding). */
function render(text: string, args: Record<string, string>): string {
  return text.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in args)) throw new Error(`the template uses {{args.${name}}}, which no argument gives`);
    return args[name]!;
  });
}

for (const engine of ENGINES) {
  describe(`the Argo web metric contract on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    const now = () => new Date('2026-11-22T10:00:00Z');

    /** One measurement: the request Argo sends for these arguments, and what Argo makes of the answer. */
    const measure = async (args: Record<string, string>, rawQuery?: string) => {
      const full = { env: 'prod', namespace: 'shop', rollout: 'shop-api', 'mc-token': TEST_TOKEN, ...args };
      const url = new URL(render(metric.provider.web.url, full));
      const headers = Object.fromEntries(
        (metric.provider.web.headers as Array<{ key: string; value: string }>).map((h) => [
          h.key,
          render(h.value, full),
        ]),
      );
      const r = await app.inject({ method: 'GET', url: `${url.pathname}${rawQuery ?? url.search}`, headers });
      return { r, ...webMeasurement(r.statusCode, r.body, metric) };
    };

    before(async () => {
      const ws = makeWorkspace(GATES);
      store = await ReleaseStore.open((await engine.create()).engine, now);
      ({ app } = buildApp({
        services: testInstallation(ws, store, now, {}),
        apiTokens: [TEST_TOKEN],
        bodyLimitBytes: 1 << 20,
      }));
      const ingest = async (digest: string, kind: string, body: unknown) => {
        const r = await app.inject({
          method: 'POST',
          url: `/v1/artifacts/${digest}/evidence?kind=${kind}&name=registry.example/shop/api`,
          headers: AUTH,
          payload: Buffer.from(body instanceof Uint8Array ? body : JSON.stringify(body)),
        });
        assert.equal(r.statusCode, 201, r.body);
      };
      const sbom = cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]);
      await ingest(ALLOWED, 'sbom', sbom);
      await ingest(ALLOWED, 'scan', { results: [] });
      await ingest(DENIED, 'sbom', sbom);
      await ingest(DENIED, 'scan', {
        results: [
          {
            packages: [
              {
                package: { name: 'left-pad', version: '1.0.0', ecosystem: 'npm' },
                vulnerabilities: [{ id: 'GHSA-test-0002', aliases: [], database_specific: { severity: 'CRITICAL' } }],
              },
            ],
          },
        ],
      });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('the shipped template: the whole decision is `result`, one condition, no failure condition', () => {
      assert.equal(metric.successCondition, 'result.allow == true');
      assert.equal(metric.failureCondition, undefined, 'a deny must be Failed, never Inconclusive');
      assert.equal(metric.provider.web.jsonPath, undefined);
      assert.equal(
        new URL(
          render(metric.provider.web.url, { digest: ALLOWED, env: 'prod', namespace: 'shop', rollout: 'shop-api' }),
        ).pathname,
        '/v1/verify/metric',
      );
    });

    test('an allowed digest: 200, the decision JSON, Successful', async () => {
      const m = await measure({ digest: ALLOWED });
      assert.equal(m.r.statusCode, 200, m.r.body);
      assert.match(String(m.r.headers['content-type']), /^application\/json/);
      assert.equal(m.r.json().allow, true);
      assert.equal(m.phase, 'Successful');
    });

    test('a denied digest and a digest mc never saw: 200, allow false, Failed', async () => {
      for (const digest of [DENIED, UNKNOWN]) {
        const m = await measure({ digest });
        assert.equal(m.r.statusCode, 200, m.r.body);
        assert.equal(m.r.json().allow, false);
        assert.ok(Array.isArray(m.r.json().gates), 'the decision, with its gates');
        assert.equal(m.phase, 'Failed', digest);
      }
    });

    test('bad input is still a 200 JSON object with allow false and the error, so Failed, never Error', async () => {
      const cases: Array<[string, Record<string, string>, string | undefined, string]> = [
        ['a malformed digest', { digest: 'sha256:xyz' }, undefined, 'BAD_DIGEST'],
        ['an empty digest', { digest: '' }, undefined, 'BAD_DIGEST'],
        ['an environment gates.yaml does not name', { digest: ALLOWED, env: 'qa' }, undefined, 'ENVIRONMENT_UNKNOWN'],
        ['no digest at all', { digest: ALLOWED }, '?env=prod', 'REQUEST_INVALID'],
        ['an over-long digest', { digest: `sha256:${'a'.repeat(200)}` }, undefined, 'REQUEST_INVALID'],
        ['a control character', { digest: ALLOWED, env: 'pr%01od' }, undefined, 'CONTROL_CHARACTER'],
        [
          'a token mc does not accept',
          { digest: ALLOWED, 'mc-token': 'not-a-token-of-this-server' },
          undefined,
          'TOKEN_REJECTED',
        ],
      ];
      for (const [why, args, rawQuery, code] of cases) {
        const m = await measure(args, rawQuery);
        assert.equal(m.r.statusCode, 200, `${why}: ${m.r.body}`);
        assert.match(String(m.r.headers['content-type']), /^application\/json/, why);
        const body = m.r.json();
        assert.equal(body.allow, false, why);
        assert.equal(typeof body.error?.message, 'string', why);
        assert.equal(body.error.code, code, why);
        assert.doesNotMatch(m.r.body, /at .*\.(ts|js):\d+/, why);
        assert.equal(m.phase, 'Failed', why);
      }
    });

    test('GET /v1/verify keeps its 403 on a deny and its 4xx on bad input (curl -f, the job metric)', async () => {
      assert.equal((await app.inject(`/v1/verify?digest=${DENIED}&env=prod`)).statusCode, 403);
      const bad = await app.inject(`/v1/verify?digest=sha256:xyz&env=prod`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'BAD_DIGEST');
    });

    test('a store that does not answer: still 200, allow false, the error masked, so Failed', async () => {
      await store.close();
      const m = await measure({ digest: `sha256:${'e'.repeat(64)}` });
      assert.equal(m.r.statusCode, 200, m.r.body);
      assert.equal(m.r.json().allow, false);
      assert.equal(typeof m.r.json().error.code, 'string');
      assert.doesNotMatch(m.r.body, /at .*\.(ts|js):\d+/);
      assert.equal(m.phase, 'Failed');
    });
  });
}

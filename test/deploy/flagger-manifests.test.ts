import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Installation } from '../../src/app/installation.js';
import { FLAGGER_HOOKS } from '../../src/delivery/flagger-payload.js';
import { loadGates } from '../../src/policy/gates.js';
import { GATES_PROFILES } from '../../src/policy/gates-profiles.js';
import { buildApp } from '../../src/server/app.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { ENGINES } from '../support/engines.js';
import { FLAGGER_TOKEN } from '../support/flagger.js';
import { TEST_TOKEN } from '../support/http-app.js';
import { testInstallation } from '../support/installation.js';
import { cyclonedx, makeWorkspace } from '../support/workspace.js';
import { deployDocuments, findOne, type Loose } from './deploy-manifests.js';

const docs = deployDocuments();
const canary: Loose = findOne(docs, 'Canary', 'shop-cart').doc;
const webhooks: Loose[] = canary.spec.analysis.webhooks;
const GATING = ['confirm-rollout', 'pre-rollout', 'rollout', 'confirm-traffic-increase', 'confirm-promotion'];

/** envsubst, as the README says the Canary is applied: `${NAME}` from the deploy-time environment. */
const envsubst = (text: string, vars: Record<string, string>) =>
  text.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => vars[name] ?? '');

describe('deploy/flagger: a Canary with every webhook type wired to mc', () => {
  test('each of Flagger’s hook types, once, at /v1/flagger/<its type>, with an environment gates.yaml names', () => {
    assert.deepEqual(webhooks.map((w) => w.type).sort(), [...FLAGGER_HOOKS].sort());
    const environments = loadGates(GATES_PROFILES.default).gates.environments;
    for (const w of webhooks) {
      const url = new URL(w.url);
      assert.equal(url.protocol, 'https:', w.name);
      assert.equal(url.hostname, 'mc.mc.svc', w.name);
      assert.equal(url.pathname, `/v1/flagger/${w.type}`, w.name);
      assert.ok(url.searchParams.get('env')! in environments, w.name);
      assert.equal(w.disableTLS, undefined, `${w.name}: TLS is verified`);
    }
  });

  test('metadata: the digest the target Deployment runs, and the token as a deploy-time placeholder', () => {
    assert.equal(canary.spec.targetRef.kind, 'Deployment');
    const target: Loose = findOne(docs, 'Deployment', canary.spec.targetRef.name).doc;
    const image: string = target.spec.template.spec.containers[0].image;
    for (const w of webhooks) {
      assert.equal(w.metadata.digest, image.slice(image.indexOf('@') + 1), w.name);
      assert.equal(w.metadata.token, `$\{MC_FLAGGER_TOKEN}`, `${w.name}: no token in the repository`);
    }
  });
});

for (const engine of ENGINES) {
  describe(`the shipped Canary’s webhooks answered by mc on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let app: FastifyInstance;
    let store: ReleaseStore;
    let installation: Installation;
    const now = () => new Date('2026-11-22T10:00:00Z');
    /** What Flagger POSTs for webhook `w` (docs/gitbook/usage/webhooks.md), the Canary applied through envsubst. */
    const call = (w: Loose, token = FLAGGER_TOKEN) => {
      const url = new URL(w.url);
      const metadata = Object.fromEntries(
        Object.entries(w.metadata as Record<string, string>).map(([k, v]) => [
          k,
          envsubst(v, { MC_FLAGGER_TOKEN: token }),
        ]),
      );
      return app.inject({
        method: 'POST',
        url: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          name: canary.metadata.name,
          namespace: 'shop',
          phase: 'Progressing',
          checksum: '85d557f47b',
          metadata,
        }),
      });
    };

    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, now);
      const gates =
        'version: 1\nenvironments: { dev: dev, prod: prod }\nprofiles:\n  dev: { sbom: advisory }\n  prod: { sbom: enforce }\n';
      installation = testInstallation(makeWorkspace(gates), store, now, {});
      ({ app } = buildApp({
        services: installation,
        apiTokens: [TEST_TOKEN],
        flaggerTokens: [FLAGGER_TOKEN],
        bodyLimitBytes: 1 << 20,
      }));
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('a digest mc never saw: the gates halt (non-2xx), rollback answers 2xx (roll back), the rest are recorded', async () => {
      for (const w of webhooks) {
        const r = await call(w);
        if (GATING.includes(w.type)) assert.equal(r.statusCode, 403, `${w.type}: ${r.body}`);
        else assert.equal(r.statusCode, 200, `${w.type}: ${r.body}`);
      }
    });

    test('once the digest is allowed: the gates open (2xx), rollback is not signalled (409)', async () => {
      const digest = webhooks[0]!.metadata.digest;
      await installation.gate.ingest(digest, [
        { kind: 'sbom', bytes: cyclonedx([{ name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }]) },
      ]);
      for (const w of webhooks) {
        const r = await call(w);
        assert.equal(r.statusCode, w.type === 'rollback' ? 409 : 200, `${w.type}: ${r.body}`);
      }
    });

    test('the Canary applied without envsubst: the placeholder token is refused (403), nothing passes', async () => {
      for (const w of webhooks) {
        const r = await app.inject({
          method: 'POST',
          url: new URL(w.url).pathname + new URL(w.url).search,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({
            name: canary.metadata.name,
            namespace: 'shop',
            phase: 'Progressing',
            checksum: 'x',
            metadata: w.metadata,
          }),
        });
        assert.equal(r.statusCode, 403, `${w.type}: ${r.body}`);
        assert.equal(r.json().error.code, 'TOKEN_REJECTED', w.type);
      }
    });
  });
}

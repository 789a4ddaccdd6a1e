import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { loadGates } from '../../src/policy/gates.js';
import { GATES_PROFILES } from '../../src/policy/gates-profiles.js';
import { ENGINES } from '../support/engines.js';
import { GVK, podReview } from '../delivery/admission-reviews.js';
import { PARTIAL, postReview, startAdmissionApp, type AdmissionApp } from '../server/admission-app.js';
import { deployDocuments, findOne, type Loose } from './deploy-manifests.js';
import { webhookServicePathProblems } from './webhook-service-path.js';

const docs = deployDocuments();
const vwc: Loose = findOne(docs, 'ValidatingWebhookConfiguration', 'mc').doc;
const service: Loose = findOne(docs, 'Service', 'mc').doc;
const webhooks: Loose[] = vwc.webhooks;
const ENV_LABEL = 'mc.example/env';
/** `/v1/admission/validate/<env>`: the environment a webhook entry judges its namespaces under. */
const envOf = (w: Loose): string =>
  /^\/v1\/admission\/validate\/([a-z0-9-]+)$/.exec(w.clientConfig.service.path)?.[1] ?? '';

describe('deploy/admission: the webhook configuration the API server will accept and mc will answer', () => {
  test('the API server refuses a query string in a service path, so the environment is a path segment', () => {
    assert.deepEqual(webhookServicePathProblems('/v1/admission/validate/prod'), []);
    assert.match(
      webhookServicePathProblems('/v1/admission/validate?env=prod').join(),
      /segment\[2\]: "validate\?env=prod"/,
    );
    for (const w of webhooks) assert.deepEqual(webhookServicePathProblems(w.clientConfig.service.path), [], w.name);
  });

  test('one entry per environment, each selecting the namespaces labelled with it, never the mc namespace', () => {
    const envs = webhooks.map(envOf);
    assert.deepEqual([...envs].sort(), ['dev', 'prod']);
    const gates = loadGates(GATES_PROFILES.default).gates;
    for (const w of webhooks) {
      const env = envOf(w);
      assert.ok(env in gates.environments, `${w.name}: mc init's gates.yaml names environment ${env}`);
      const exprs: Loose[] = w.namespaceSelector.matchExpressions;
      assert.deepEqual(
        exprs.find((e) => e.key === ENV_LABEL),
        { key: ENV_LABEL, operator: 'In', values: [env] },
        w.name,
      );
      assert.deepEqual(
        exprs.find((e) => e.key === 'kubernetes.io/metadata.name'),
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [service.metadata.namespace] },
        `${w.name}: mc's own namespace is never judged`,
      );
      assert.equal(w.objectSelector, undefined, `${w.name}: no object can opt out by a label of its own`);
    }
  });

  test('each entry: mc’s Service, a timeout under the API server’s 30 s, the review versions mc answers, no side effect on dryRun', () => {
    for (const w of webhooks) {
      const s = w.clientConfig.service;
      assert.equal(s.name, service.metadata.name, w.name);
      assert.equal(s.namespace, service.metadata.namespace, w.name);
      assert.ok(
        service.spec.ports.some((p: Loose) => p.port === s.port),
        `${w.name}: port ${s.port} is a port of the Service`,
      );
      assert.ok(w.timeoutSeconds >= 1 && w.timeoutSeconds <= 30, w.name);
      assert.deepEqual(w.admissionReviewVersions, ['v1', 'v1beta1'], w.name);
      assert.equal(w.sideEffects, 'NoneOnDryRun', `${w.name}: mc records decisions, except for dryRun requests`);
      assert.equal(w.clientConfig.caBundle, undefined, `${w.name}: caBundle is cert-manager's to write`);
      assert.ok(['Fail', 'Ignore'].includes(w.failurePolicy), `${w.name}: failurePolicy is stated, not defaulted`);
    }
    const prod = webhooks.find((w) => envOf(w) === 'prod');
    assert.equal(prod.failurePolicy, 'Fail', 'prod fails closed when mc cannot answer');
  });

  test('the rules send every kind mc judges, on CREATE and UPDATE, ephemeral containers included', () => {
    for (const w of webhooks) {
      const covered = new Set<string>();
      for (const r of w.rules as Loose[]) {
        assert.deepEqual([...r.operations].sort(), ['CREATE', 'UPDATE'], w.name);
        assert.equal(r.scope, 'Namespaced', w.name);
        for (const g of r.apiGroups)
          for (const v of r.apiVersions) for (const res of r.resources) covered.add(`${g}/${v}/${res}`);
      }
      for (const g of Object.values(GVK).filter((k) => k.kind !== 'ConfigMap'))
        assert.ok(covered.has(`${g.group}/${g.version}/${g.resource}`), `${w.name}: ${g.kind}`);
      assert.ok(covered.has('/v1/pods/ephemeralcontainers'), `${w.name}: kubectl debug's ephemeral containers`);
    }
  });

  test('TLS: cert-manager injects the CA of the Certificate whose Secret mc serves, for the Service’s DNS name', () => {
    const [ns, name] = String(vwc.metadata.annotations['cert-manager.io/inject-ca-from']).split('/');
    const cert: Loose = findOne(docs, 'Certificate', name!).doc;
    assert.equal(cert.metadata.namespace, ns);
    assert.ok(cert.spec.dnsNames.includes(`${service.metadata.name}.${service.metadata.namespace}.svc`));
    const mc: Loose = (findOne(docs, 'Deployment', 'mc').doc as Loose).spec.template.spec;
    const tls = mc.volumes.find((v: Loose) => v.secret?.secretName === cert.spec.secretName);
    assert.ok(tls, 'the mc Deployment mounts the serving certificate Secret');
    const mount = mc.containers[0].volumeMounts.find((m: Loose) => m.name === tls.name).mountPath;
    const args: string[] = mc.containers[0].args;
    assert.ok(args.includes(`--tls-cert=${mount}/tls.crt`) && args.includes(`--tls-key=${mount}/tls.key`));
  });

  test('the API server’s token: its kubeconfig user is named for the webhook’s host, and the config points at it', () => {
    const kubeconfig: Loose = docs.find((d) => d.doc.kind === 'Config')!;
    const admissionConfig: Loose = findOne(docs, 'AdmissionConfiguration', '').doc;
    const plugin = admissionConfig.plugins.find((p: Loose) => p.name === 'ValidatingAdmissionWebhook');
    assert.equal(basename(plugin.configuration.kubeConfigFile), basename(kubeconfig.file));
    // Port 443 is left out of the name; any other port must be in it (API server 1.16+).
    for (const w of webhooks) {
      const s = w.clientConfig.service;
      const host = `${s.name}.${s.namespace}.svc${s.port === 443 ? '' : `:${s.port}`}`;
      const user = kubeconfig.doc.users.find((u: Loose) => u.name === host);
      assert.ok(user?.user.tokenFile ?? user?.user.token, `${w.name}: a kubeconfig user named ${host} with a token`);
    }
  });
});

for (const engine of ENGINES) {
  describe(`each shipped webhook path, answered by mc on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let t: AdmissionApp;
    before(async () => {
      t = await startAdmissionApp(engine);
    });
    after(async () => t?.close());
    const pod = podReview(
      { containers: [{ name: 'api', image: `registry.example/acme/api@${PARTIAL}` }] },
      { uid: 'uid-path-env' },
    );

    test('the path names the environment: the same Pod is denied under prod and allowed with a warning under dev', async () => {
      for (const w of webhooks) {
        const r = await postReview(t.app, pod, w.clientConfig.service.path.replace('/v1/admission/validate', ''));
        assert.equal(r.statusCode, 200, r.body);
        const a = r.json().response;
        assert.equal(a.uid, 'uid-path-env');
        if (envOf(w) === 'prod') assert.equal(a.allowed, false, w.name);
        else {
          assert.equal(a.allowed, true, w.name);
          assert.ok(a.warnings?.length > 0, `${w.name}: the advisory failure is a warning`);
        }
      }
    });

    test('a path and a ?env= that disagree are refused in kind: HTTP 200, not allowed, the conflict named', async () => {
      const r = await postReview(t.app, pod, '/dev?env=prod');
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().response.allowed, false);
      assert.match(r.json().response.status.message, /ENVIRONMENT_CONFLICT/);
    });
  });
}

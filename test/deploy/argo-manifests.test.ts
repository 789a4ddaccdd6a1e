import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, TEST_TOKEN, type TestApp } from '../support/http-app.js';
import { ENGINES } from '../support/engines.js';
import { SHARED_SKIP, sharedPath } from '../support/shared-data.js';
import { deployDocuments, findOne, name, type DeployDocument, type Loose } from './deploy-manifests.js';
import { manifestSchemas } from './manifest-schemas.js';

const docs = deployDocuments();
const of = (kind: string) => docs.filter((d) => d.doc.kind === kind);
const rollouts = of('Rollout');
const templates = new Map(of('AnalysisTemplate').map((d) => [name(d), d.doc as Loose]));

/** Every analysis a Rollout asks for: steps, background, blue-green pre/post promotion. */
function analyses(r: DeployDocument): Array<{ where: string; spec: Loose }> {
  const s: Loose = (r.doc as Loose).spec.strategy;
  const out: Array<{ where: string; spec: Loose }> = [];
  (s.canary?.steps ?? []).forEach((step: Loose, i: number) => {
    if (step.analysis) out.push({ where: `${name(r)} step ${i}`, spec: step.analysis });
  });
  if (s.canary?.analysis) out.push({ where: `${name(r)} background`, spec: s.canary.analysis });
  for (const k of ['prePromotionAnalysis', 'postPromotionAnalysis'])
    if (s.blueGreen?.[k]) out.push({ where: `${name(r)} ${k}`, spec: s.blueGreen[k] });
  return out;
}

const digestOf = (image: string) => image.slice(image.indexOf('@') + 1);

describe('deploy/argo: Rollouts, AnalysisTemplates and the Argo CD hook fit together', () => {
  test('a canary Rollout with an analysis step, a blue-green Rollout with prePromotionAnalysis, both asking mc', () => {
    const canary = findOne(docs, 'Rollout', 'shop-api');
    assert.ok(analyses(canary).some((a) => a.where.includes('step')));
    const blueGreen = findOne(docs, 'Rollout', 'shop-web');
    assert.ok(analyses(blueGreen).some((a) => a.where.includes('prePromotionAnalysis')));
    for (const svc of ['activeService', 'previewService'])
      findOne(docs, 'Service', (blueGreen.doc as Loose).spec.strategy.blueGreen[svc]);
  });

  test('each analysis names a shipped template and gives exactly the arguments it lacks; the digest is the image’s', () => {
    for (const r of rollouts) {
      const image: string = (r.doc as Loose).spec.template.spec.containers[0].image;
      for (const a of analyses(r)) {
        const given = new Map((a.spec.args ?? []).map((x: Loose) => [x.name, x]));
        for (const t of a.spec.templates) {
          const template = templates.get(t.templateName);
          assert.ok(template, `${a.where}: AnalysisTemplate ${t.templateName}`);
          const declared = new Set((template.spec.args as Loose[]).map((x) => x.name));
          for (const arg of template.spec.args as Loose[])
            if (arg.value === undefined && arg.valueFrom === undefined)
              assert.ok(given.has(arg.name), `${a.where}: ${arg.name}`);
          for (const g of given.keys())
            assert.ok(declared.has(g), `${a.where}: ${t.templateName} takes no argument ${g}`);
        }
        assert.equal((given.get('digest') as Loose)?.value, digestOf(image), `${a.where}: the digest the Rollout runs`);
      }
    }
  });

  test('the AnalysisRun Argo makes of each Rollout’s analysis is valid against the AnalysisRun CRD', {
    skip: sharedPath('conformance') ? false : SHARED_SKIP,
  }, () => {
    const check = manifestSchemas(sharedPath('conformance', 'deploy-webhooks')!).get(
      'argoproj.io/v1alpha1 AnalysisRun',
    )!;
    for (const r of rollouts)
      for (const a of analyses(r)) {
        // As utils/analysis/factory.go builds it: the templates' metrics and args, the Rollout's values
        // in place (fieldRef resolved, secretKeyRef kept for the controller to read).
        const resolved: Record<string, string> = { namespace: 'shop', rollout: name(r) };
        const given = new Map((a.spec.args ?? []).map((x: Loose) => [x.name, x.value ?? resolved[x.name]]));
        const template = templates.get(a.spec.templates[0].templateName);
        const run = {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AnalysisRun',
          metadata: { name: `${name(r)}-6d8d9f7c5b-2-0`, namespace: 'shop' },
          spec: {
            metrics: template.spec.metrics,
            args: (template.spec.args as Loose[]).map((x) =>
              given.has(x.name) ? { name: x.name, value: given.get(x.name) } : x,
            ),
          },
        };
        assert.deepEqual(check(run), [], a.where);
      }
  });

  test('every {{args.x}} a template uses is one it declares', () => {
    for (const [n, t] of templates) {
      const declared = new Set((t.spec.args as Loose[]).map((x) => x.name));
      for (const [, used] of JSON.stringify(t.spec.metrics).matchAll(/\{\{\s*args\.([\w-]+)\s*\}\}/g))
        assert.ok(declared.has(used!), `${n}: {{args.${used}}}`);
    }
  });

  test('the job metric runs mc verify for the digest and environment, once, and a deny is final', () => {
    const job = templates.get('mc-verify-job')!.spec.metrics[0];
    assert.deepEqual(job.provider.job.spec.template.spec.containers[0].command, [
      'mc',
      'verify',
      '{{args.digest}}',
      '--env',
      '{{args.env}}',
    ]);
    assert.equal(job.provider.job.spec.backoffLimit, 0);
    assert.equal(job.failureLimit, 0);
  });

  test('the web metric sends its token from a Secret, in the header', () => {
    const web = templates.get('mc-verify')!;
    const header = web.spec.metrics[0].provider.web.headers.find((h: Loose) => h.key === 'Authorization');
    const arg = /\{\{args\.([\w-]+)\}\}/.exec(header.value)![1];
    assert.match(header.value, /^Bearer \{\{args\.[\w-]+\}\}$/);
    assert.ok(web.spec.args.find((a: Loose) => a.name === arg).valueFrom.secretKeyRef);
  });

  test('the Argo CD PreSync hook: a hook annotation, curl that fails on a deny, every $(VAR) defined', () => {
    const job: Loose = findOne(docs, 'Job', 'mc-verify-presync').doc;
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook'], 'PreSync');
    assert.equal(job.spec.backoffLimit, 0);
    const c = job.spec.template.spec.containers[0];
    assert.equal(c.command[0], 'curl');
    assert.ok(c.command.includes('--fail-with-body') || c.command.includes('-sSf'), 'a 403 makes curl exit non-zero');
    const vars = new Set(c.env.map((e: Loose) => e.name));
    for (const [, v] of c.command.join(' ').matchAll(/\$\(([A-Z_]+)\)/g)) assert.ok(vars.has(v), `$(${v})`);
    assert.equal(new URL(c.command.at(-1)).pathname, '/v1/verify');
  });
});

for (const engine of ENGINES) {
  describe(`the PreSync hook’s request answered by mc on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => t?.close());

    test('an unknown digest: 403 with the decision JSON, so curl exits non-zero and the sync stops', async () => {
      const c: Loose = (findOne(docs, 'Job', 'mc-verify-presync').doc as Loose).spec.template.spec.containers[0];
      const env: Record<string, string> = Object.fromEntries(c.env.map((e: Loose) => [e.name, e.value ?? TEST_TOKEN]));
      const expand = (s: string) => s.replace(/\$\(([A-Z_]+)\)/g, (_, v: string) => env[v]!);
      const url = new URL(expand(c.command.at(-1)));
      const header = expand(c.command[c.command.indexOf('-H') + 1]);
      const [key, value] = [header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1).trim()];
      const r = await t.app.inject({ url: url.pathname + url.search, headers: { [key.toLowerCase()]: value } });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().allow, false);
      assert.equal(r.json().digest, env.DIGEST);
    });
  });
}

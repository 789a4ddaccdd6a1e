import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.js';
import { admissionReview, podReview, workloadObject } from '../delivery/admission-reviews.js';
import { ALLOWED, PARTIAL, UNKNOWN, postReview, startAdmissionApp, type AdmissionApp } from './admission-app.js';

const img = (digest: string, name = 'registry.example/acme/api') => `${name}@${digest}`;
type Answer = {
  apiVersion: string;
  kind: string;
  response: { uid: string; allowed: boolean; status: { code: number; message: string }; warnings?: string[] };
};

for (const engine of ENGINES) {
  describe(`POST /v1/admission/validate on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let t: AdmissionApp;
    before(async () => {
      t = await startAdmissionApp(engine);
    });
    after(async () => t?.close());
    const events = () => t.installation.events.list({ types: ['admission'] });

    test('a Pod whose images are pinned and allowed: HTTP 200, allowed, uid echoed, one event per container', async () => {
      const before = (await events()).length;
      const r = await postReview(
        t.app,
        podReview(
          {
            containers: [
              { name: 'api', image: img(ALLOWED) },
              { name: 'proxy', image: img(ALLOWED, 'registry.example/acme/proxy') },
            ],
            initContainers: [{ name: 'migrate', image: `registry.example/acme/api:1.2.3@${ALLOWED}` }],
          },
          { uid: 'e911857d-c318-11e8-bbad-025000000001', name: 'api-0' },
        ),
      );
      assert.equal(r.statusCode, 200);
      const a = r.json() as Answer;
      assert.equal(a.apiVersion, 'admission.k8s.io/v1');
      assert.equal(a.kind, 'AdmissionReview');
      assert.equal(a.response.uid, 'e911857d-c318-11e8-bbad-025000000001');
      assert.equal(a.response.allowed, true);
      assert.equal(a.response.status.code, 200);
      assert.equal(a.response.warnings, undefined);
      const recorded = (await events()).slice(0, (await events()).length - before);
      assert.equal(recorded.length, 3);
      for (const e of recorded) {
        assert.equal(e.workload, 'shop/api-0');
        assert.equal(e.env, 'prod');
        assert.equal(e.digest, ALLOWED);
        assert.equal(e.cause, 'allowed');
        assert.match(String(e.details.by), /^token:[0-9a-f]{8}$/, 'the principal that sent the review is recorded');
      }
      // So is the decision's ledger entry: its actor is that principal, not `mc`.
      const rows = await t.installation.store.engine.db
        .withTables<{ ledger_entries: { kind: string; entry: Uint8Array } }>()
        .selectFrom('ledger_entries')
        .select(['entry'])
        .where('kind', '=', 'decision')
        .execute();
      const actors = rows.map((r) => JSON.parse(Buffer.from(r.entry).toString('utf8')).actor);
      assert.ok(actors.length > 0 && actors.every((a) => /^token:[0-9a-f]{8}$/.test(a)), actors.join(','));
    });

    test('the same verdict again within a minute (the next Pod of a ReplicaSet) is not recorded again', async () => {
      const review = () =>
        podReview(
          { containers: [{ name: 'api', image: img(ALLOWED) }] },
          { name: 'web-5c9d-', uid: crypto.randomUUID() },
        );
      const count = async () =>
        (await t.installation.events.list({ types: ['admission'], workload: 'shop/web-5c9d-' })).length;
      assert.equal((await postReview(t.app, review())).statusCode, 200);
      assert.equal(await count(), 1);
      assert.equal((await postReview(t.app, review())).statusCode, 200);
      assert.equal(await count(), 1, 'a repeat within the minute');
      const denied = podReview({ containers: [{ name: 'api', image: img(UNKNOWN) }] }, { name: 'web-5c9d-' });
      assert.equal((await postReview(t.app, denied)).json().response.allowed, false);
      assert.equal(await count(), 2, 'a changed verdict is recorded at once');
      t.setNow(new Date('2026-11-22T10:01:30Z'));
      await postReview(t.app, review());
      assert.equal(await count(), 3, 'a minute later it is recorded again');
    });

    test('AdmissionReview v1beta1 is answered in v1beta1', async () => {
      const r = await postReview(
        t.app,
        podReview({ containers: [{ name: 'api', image: img(ALLOWED) }] }, { version: 'v1beta1' }),
      );
      assert.equal(r.statusCode, 200);
      assert.equal((r.json() as Answer).apiVersion, 'admission.k8s.io/v1beta1');
      assert.equal((r.json() as Answer).response.allowed, true);
    });

    test('prod (enforce): an unknown digest and a tag-only image are denied, each named with its first reasons', async () => {
      const r = await postReview(
        t.app,
        podReview({
          containers: [
            { name: 'api', image: img(UNKNOWN) },
            { name: 'cache', image: 'redis:7' },
            { name: 'ok', image: img(ALLOWED) },
          ],
        }),
      );
      assert.equal(r.statusCode, 200, 'a deny is still HTTP 200: the verdict is inside');
      const { response } = r.json() as Answer;
      assert.equal(response.allowed, false);
      assert.equal(response.status.code, 403);
      assert.match(response.status.message, /^mc denied 2 of 3 image\(s\) for environment prod: /);
      assert.match(response.status.message, new RegExp(`${img(UNKNOWN)} \\(container api\\): ARTIFACT_UNKNOWN`));
      assert.match(response.status.message, /redis:7 \(container cache\): IMAGE_NOT_PINNED/);
      assert.doesNotMatch(response.status.message, /container ok/);
    });

    test("prod: a known digest failing an enforced gate is denied with that gate's reason", async () => {
      const { response } = (
        await postReview(t.app, podReview({ containers: [{ name: 'api', image: img(PARTIAL) }] }))
      ).json() as Answer;
      assert.equal(response.allowed, false);
      assert.match(response.status.message, /VULN_DATA_MISSING/);
    });

    test('dev (advisory only): tags and advisory failures are warnings of at most 120 characters, not denials', async () => {
      const r = await postReview(
        t.app,
        podReview({
          containers: [
            { name: 'api', image: img(PARTIAL) },
            { name: 'cache', image: 'redis:7' },
          ],
        }),
        '?env=dev',
      );
      const { response } = r.json() as Answer;
      assert.equal(response.allowed, true);
      assert.equal(response.status.code, 200);
      assert.deepEqual(response.warnings, [
        'mc: container api (sha256:bbbbbbbbbbbb): vulnerabilities VULN_DATA_MISSING (advisory)',
        'mc: container cache: IMAGE_NOT_PINNED redis:7',
      ]);
      for (const w of response.warnings ?? []) assert.ok(w.length <= 120);
    });

    test('an unknown digest is denied even where every gate is advisory: the decision says so', async () => {
      const { response } = (
        await postReview(t.app, podReview({ containers: [{ name: 'a', image: img(UNKNOWN) }] }), '?env=dev')
      ).json() as Answer;
      assert.equal(response.allowed, false);
      assert.match(response.status.message, /ARTIFACT_UNKNOWN/);
    });

    test('dryRun: judged the same, but no event and no decision is recorded', async () => {
      const events0 = (await events()).length;
      const decisions0 = (await t.installation.gate.listDecisions({ digest: PARTIAL as `sha256:${string}` })).length;
      const { response } = (
        await postReview(t.app, podReview({ containers: [{ name: 'a', image: img(PARTIAL) }] }, { dryRun: true }))
      ).json() as Answer;
      assert.equal(response.allowed, false);
      assert.equal((await events()).length, events0);
      assert.equal(
        (await t.installation.gate.listDecisions({ digest: PARTIAL as `sha256:${string}` })).length,
        decisions0,
      );
    });

    test('every workload kind is judged by its pod template (CronJob, Rollout, StatefulSet, …)', async () => {
      for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout']) {
        const review = admissionReview(
          kind,
          workloadObject(kind, 'api', { containers: [{ name: 'api', image: 'api:latest' }] }),
        );
        const { response } = (await postReview(t.app, review)).json() as Answer;
        assert.equal(response.allowed, false, kind);
        assert.match(response.status.message, /IMAGE_NOT_PINNED/, kind);
      }
    });

    test('not judged, allowed with a warning: a kind mc does not know, a Rollout with workloadRef', async () => {
      const cm = (
        await postReview(t.app, admissionReview('ConfigMap', workloadObject('ConfigMap', 'c', {})))
      ).json() as Answer;
      assert.equal(cm.response.allowed, true);
      assert.match(cm.response.warnings?.[0] ?? '', /does not judge ConfigMap/);
      const rollout = admissionReview('Rollout', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'api', namespace: 'shop' },
        spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' } },
      });
      const r = (await postReview(t.app, rollout)).json() as Answer;
      assert.equal(r.response.allowed, true);
      assert.match(r.response.warnings?.[0] ?? '', /workloadRef/);
    });

    test('DELETE is not judged; UPDATE judges only the images it brings', async () => {
      const old = workloadObject('Deployment', 'api', { containers: [{ name: 'api', image: img(UNKNOWN) }] });
      const del = (
        await postReview(t.app, admissionReview('Deployment', old, { operation: 'DELETE', oldObject: old }))
      ).json() as Answer;
      assert.equal(del.response.allowed, true);
      const scaled = structuredClone(old);
      const same = (
        await postReview(t.app, admissionReview('Deployment', scaled, { operation: 'UPDATE', oldObject: old }))
      ).json() as Answer;
      assert.equal(same.response.allowed, true, 'a scale-down of a workload whose digest is now denied is not blocked');
      const changed = workloadObject('Deployment', 'api', { containers: [{ name: 'api', image: 'api:2' }] });
      const upd = (
        await postReview(t.app, admissionReview('Deployment', changed, { operation: 'UPDATE', oldObject: old }))
      ).json() as Answer;
      assert.equal(upd.response.allowed, false);
      assert.match(upd.response.status.message, /IMAGE_NOT_PINNED/);
    });

    test('kubectl debug (pods/ephemeralcontainers) judges the debug container it adds; pods/status is not judged', async () => {
      const old = workloadObject('Pod', 'api-0', { containers: [{ name: 'api', image: img(ALLOWED) }] });
      const debugged = workloadObject('Pod', 'api-0', {
        containers: [{ name: 'api', image: img(ALLOWED) }],
        ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.36' }],
      });
      const ephemeral = (
        await postReview(
          t.app,
          admissionReview('Pod', debugged, { operation: 'UPDATE', oldObject: old, subResource: 'ephemeralcontainers' }),
        )
      ).json() as Answer;
      assert.equal(ephemeral.response.allowed, false);
      assert.match(ephemeral.response.status.message, /busybox:1\.36 \(container debugger\): IMAGE_NOT_PINNED/);
      const status = (
        await postReview(
          t.app,
          admissionReview('Pod', debugged, { operation: 'UPDATE', oldObject: old, subResource: 'status' }),
        )
      ).json() as Answer;
      assert.equal(status.response.allowed, true);
    });

    test('a Pod with 500 containers is judged; the message names ten denied images and counts the rest', async () => {
      const many = Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, image: img(ALLOWED) }));
      const ok = (await postReview(t.app, podReview({ containers: many }))).json() as Answer;
      assert.equal(ok.response.allowed, true);
      const tags = Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, image: `app:${i}` }));
      const r = await postReview(t.app, podReview({ containers: tags }));
      assert.equal(r.statusCode, 200);
      const { response } = r.json() as Answer;
      assert.equal(response.allowed, false);
      assert.match(response.status.message, /mc denied 500 of 500 .* … and 490 more$/);
      assert.ok(response.status.message.length <= 4000);
    });

    test('an environment variable holding a carriage return does not stop the review (any string a Pod may hold)', async () => {
      const review = podReview({ containers: [{ name: 'api', image: img(ALLOWED) }] });
      review.request.object.spec.containers[0]!.env = [{ name: 'BANNER', value: 'line\r\nnext\u0000\u001b[0m' }];
      const { response } = (await postReview(t.app, review)).json() as Answer;
      assert.equal(response.allowed, true);
    });
  });
}

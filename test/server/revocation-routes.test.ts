import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/engines.js';
import { AUTH, startTestApp, type TestApp } from '../support/http-app.js';
import { cyclonedx } from '../support/workspace.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const sbom = cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]);

for (const engine of ENGINES) {
  describe(`revocation routes on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let t: TestApp;
    const ingest = (digest: string, parent?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/artifacts/${digest}/evidence?kind=sbom${parent ? `&parent=${parent}` : ''}`,
        headers: { ...AUTH, 'content-type': 'application/octet-stream' },
        payload: Buffer.from(sbom),
      });
    const revoke = (body: unknown, headers: Record<string, string> = AUTH) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/revocations',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const errorOf = (res: { statusCode: number; json(): unknown }) => {
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(typeof body.error.message, 'string');
      return [res.statusCode, body.error.code];
    };
    before(async () => {
      t = await startTestApp(engine);
      assert.equal((await ingest(d('b'))).statusCode, 201);
      assert.equal((await ingest(d('c'), d('b'))).statusCode, 201);
    });
    after(async () => t?.close());

    test('POST revokes (201, then 200 when nothing changed); verify denies the descendant naming the ancestor', async () => {
      const first = await revoke({ digest: d('b'), reason: 'compromised builder' });
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(
        first.json().changes.map((r: { digest: string; chain: string[] }) => [r.digest, r.chain]),
        [
          [d('b'), [d('b')]],
          [d('c'), [d('b'), d('c')]],
        ],
      );
      assert.equal((await revoke({ digest: d('b'), reason: 'again' })).statusCode, 200);
      const verify = await t.app.inject({ url: `/v1/verify?digest=${d('c')}&env=prod`, headers: AUTH });
      assert.equal(verify.statusCode, 403);
      const gate = verify.json().gates.find((g: { gate: string }) => g.gate === 'promotable');
      assert.equal(gate.reasons[0].code, 'REVOKED_BY_ANCESTOR');
    });

    test('GET /v1/lineage reports ancestors and descendants with their state', async () => {
      const res = await t.app.inject({ url: `/v1/lineage/${d('c')}`, headers: AUTH });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.promotable, false);
      assert.deepEqual(
        body.ancestors.map((n: { digest: string; promotable: boolean }) => [n.digest, n.promotable]),
        [[d('b'), false]],
      );
      assert.deepEqual(errorOf(await t.app.inject({ url: `/v1/lineage/${d('0')}`, headers: AUTH })), [
        404,
        'ARTIFACT_UNKNOWN',
      ]);
    });

    test('DELETE reinstates with a reason; a descendant cannot be reinstated on its own', async () => {
      const url = (digest: string, query: string) => `/v1/revocations/${digest}${query}`;
      assert.deepEqual(errorOf(await t.app.inject({ method: 'DELETE', url: url(d('b'), ''), headers: AUTH })), [
        400,
        'REASON_MISSING',
      ]);
      assert.deepEqual(
        errorOf(await t.app.inject({ method: 'DELETE', url: url(d('c'), '?reason=x'), headers: AUTH })),
        [422, 'REVOKED_BY_ANCESTOR'],
      );
      const res = await t.app.inject({ method: 'DELETE', url: url(d('b'), '?reason=rebuilt'), headers: AUTH });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().changes.length, 2);
      const verify = await t.app.inject({ url: `/v1/verify/metric?digest=${d('c')}&env=prod`, headers: AUTH });
      const gate = verify.json().gates.find((g: { gate: string }) => g.gate === 'promotable');
      assert.equal(gate.result, 'pass');
    });

    test('bad input is a 4xx with the error shape, never a 5xx', async () => {
      assert.deepEqual(errorOf(await revoke({ digest: d('0'), reason: 'x' })), [404, 'ARTIFACT_UNKNOWN']);
      assert.deepEqual(errorOf(await revoke({ digest: d('b') })), [400, 'REASON_MISSING']);
      assert.deepEqual(errorOf(await revoke({ digest: d('b'), env: 'nowhere', reason: 'x' })), [
        400,
        'ENVIRONMENT_UNKNOWN',
      ]);
      assert.deepEqual(errorOf(await revoke({ digest: 'sha256:x', reason: 'x' })), [400, 'BAD_DIGEST']);
      assert.deepEqual(errorOf(await revoke({ digest: d('b'), reason: 'x', cause: 'cve' })), [
        400,
        'REVOCATION_INVALID',
      ]);
      assert.deepEqual(errorOf(await revoke([d('b')])), [400, 'REVOCATION_INVALID']);
      assert.equal((await revoke({ digest: d('b'), reason: 'x' }, {})).statusCode, 401);
      // A parent link that would close a loop: b under its own child c.
      assert.deepEqual(errorOf(await ingest(d('b'), d('c'))), [400, 'LINEAGE_CYCLE']);
    });
  });
}

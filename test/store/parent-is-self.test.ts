import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/domain/errors.js';
import { ENGINES } from '../support/engines.js';
import { AUTH, startTestApp, type TestApp } from '../support/http-app.js';
import { cyclonedx } from '../support/workspace.js';

const digest = `sha256:${'6'.repeat(64)}` as `sha256:${string}`;
const other = `sha256:${'7'.repeat(64)}` as `sha256:${string}`;
const sbom = cyclonedx([{ name: 'left-pad', version: '1.0.0', purl: 'pkg:npm/left-pad@1.0.0' }]);

for (const engine of ENGINES) {
  describe(`an artifact as its own parent on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(async () => {
      await t?.close();
    });

    test('the release store refuses it with PARENT_IS_SELF and stores nothing', async () => {
      await assert.rejects(
        t.store.addEvidence({
          artifact: digest,
          parents: [other, digest],
          kind: 'sbom',
          bytes: sbom,
          mediaType: 'application/json',
          format: 'cyclonedx-1.5',
          normalized: {},
        }),
        (e: unknown) => e instanceof InputError && e.code === 'PARENT_IS_SELF' && e.kind === 'invalid',
      );
      assert.equal(await t.store.getArtifact(digest), undefined);
    });

    test('HTTP ?parent= naming the artifact itself is a 422 with the error shape; another parent is fine', async () => {
      const post = (parent: string) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/artifacts/${digest}/evidence?kind=sbom&parent=${parent}`,
          headers: { ...AUTH, 'content-type': 'application/octet-stream' },
          payload: Buffer.from(sbom),
        });
      const self = await post(digest);
      assert.equal(self.statusCode, 422, self.body);
      assert.equal(self.json().error.code, 'PARENT_IS_SELF');
      assert.equal(typeof self.json().error.message, 'string');
      const ok = await post(other);
      assert.equal(ok.statusCode, 201, ok.body);
      assert.deepEqual((await t.store.getArtifact(digest))?.parents, [other]);
    });
  });
}

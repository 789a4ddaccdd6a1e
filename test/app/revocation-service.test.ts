import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Installation } from '../../src/app/installation.js';
import type { Digest } from '../../src/domain/digest.js';
import { isBaseError } from '../../src/domain/errors.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { cdx, spdx } from '../evidence/sbom-documents.js';
import { ENGINES } from '../support/engines.js';
import { testInstallation } from '../support/installation.js';
import { makeWorkspace } from '../support/workspace.js';

const GATES = `version: 1
environments: { dev: dev, prod: prod }
profiles:
  dev: { promotable: enforce }
  prod: { promotable: enforce }
`;
const now = new Date('2026-11-22T10:00:00Z');
const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const code = (c: string) => (e: unknown) => isBaseError(e) && e.code === c;
const scan = (tag: string) => json({ results: [], tag });
/** SLSA v1 provenance for `subject` built from the image `base` (a resolved dependency with a sha256). */
const provenance = (subject: string, base: string) =>
  json({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'registry.example/acme/api', digest: { sha256: subject.slice(7) } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: {},
        resolvedDependencies: [
          { uri: 'git+https://github.com/acme/api@refs/heads/main', digest: { gitCommit: 'c'.repeat(40) } },
          { uri: 'pkg:docker/registry.example/base@1', digest: { sha256: base.slice(7) } },
        ],
      },
      runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
    },
  });

for (const engine of ENGINES) {
  describe(`revocation service on ${engine.name}`, { skip: engine.available ? false : engine.skipReason }, () => {
    let store: ReleaseStore;
    let mc: Installation;
    const promotable = async (digest: Digest, env: string) => {
      const { decision } = await mc.gate.verify(digest, env, 'never');
      return decision.gates.find((g) => g.gate === 'promotable')!;
    };
    before(async () => {
      store = await ReleaseStore.open((await engine.create()).engine, () => now);
      mc = testInstallation(
        makeWorkspace(GATES),
        store,
        () => now,
        {},
        {
          config: { ticketWebhookUrl: 'http://127.0.0.1:9/tickets' },
        },
      );
      // base b ← app c (--parent), app c ← sidecar e (provenance), base b ← job 5 (CycloneDX annotation).
      await mc.gate.ingest(d('b'), [{ kind: 'scan', bytes: scan('b') }], { name: 'registry.example/base' });
      await mc.gate.ingest(d('c'), [{ kind: 'scan', bytes: scan('c') }], { parents: [d('b')] });
      await mc.gate.ingest(d('e'), [{ kind: 'provenance', bytes: provenance(d('e'), d('c')) }]);
      const annotated = cdx({
        metadata: {
          component: { type: 'container', 'bom-ref': 'app', name: 'job' },
          properties: [{ name: 'org.opencontainers.image.base.digest', value: d('b') }],
        },
      });
      await mc.gate.ingest(d('5'), [{ kind: 'sbom', bytes: json(annotated) }]);
    });
    after(async () => store?.close());

    test('lineage comes from --parent, SLSA resolvedDependencies and the OCI base-image annotation', async () => {
      const report = await mc.revocations.lineage(d('b'));
      assert.deepEqual(
        report.descendants.map((n) => [n.digest, n.depth]),
        [
          [d('5'), 1],
          [d('c'), 1],
          [d('e'), 2],
        ],
      );
      assert.ok(report.promotable && report.descendants.every((n) => n.promotable));
    });

    test('an SPDX annotation names the base too', async () => {
      const doc = spdx();
      const pkgs = doc.packages as Array<Record<string, unknown>>;
      pkgs[0]!.annotations = [
        {
          annotationDate: '2026-01-01T00:00:00Z',
          annotationType: 'OTHER',
          annotator: 'Tool: builder',
          comment: `org.opencontainers.image.base.digest=${d('b')}`,
        },
      ];
      const result = await mc.gate.ingest(d('6'), [{ kind: 'sbom', bytes: json(doc) }]);
      assert.deepEqual(result.parents, [d('b')]);
    });

    test('revoking the base denies every descendant in every environment, naming the ancestor and the chain', async () => {
      const result = await mc.revocations.revoke({ digest: d('b'), reason: 'compromised builder' }, 'cli:alice');
      assert.equal(result.changed, true);
      assert.deepEqual(result.changes.map((r) => r.digest).sort(), [d('5'), d('6'), d('b'), d('c'), d('e')].sort());
      for (const env of ['dev', 'prod']) {
        const gate = await promotable(d('e'), env);
        assert.equal(gate.result, 'fail');
        assert.equal(gate.reasons[0]!.code, 'REVOKED_BY_ANCESTOR');
        assert.match(gate.reasons[0]!.message, /through ancestor sha256:b{64} \(manual\).*compromised builder/);
        assert.deepEqual(gate.reasons[0]!.details?.chain, [d('b'), d('c'), d('e')]);
      }
      assert.equal((await promotable(d('b'), 'prod')).reasons[0]!.code, 'REVOKED');
      // A ticket per newly revoked digest, in the same transaction.
      const pending = await mc.outbox.pending();
      assert.equal(pending, 5);
    });

    test('revoking again changes nothing; reinstating a descendant names the ancestor to reinstate', async () => {
      const again = await mc.revocations.revoke({ digest: d('b'), reason: 'again' }, 'cli:alice');
      assert.equal(again.changed, false);
      await assert.rejects(mc.revocations.reinstate({ digest: d('e'), reason: 'x' }, 'cli:bob'), (e: unknown) => {
        assert.ok(code('REVOKED_BY_ANCESTOR')(e));
        assert.match((e as Error).message, /reinstate sha256:b{64} instead/);
        return true;
      });
    });

    test('reinstating the base makes every descendant promotable again, recorded', async () => {
      const result = await mc.revocations.reinstate({ digest: d('b'), reason: 'builder rebuilt' }, 'cli:bob');
      assert.equal(result.changes.length, 5);
      assert.equal((await promotable(d('e'), 'prod')).result, 'pass');
      const events = await mc.events.list({ types: ['reinstate'], digest: d('e') });
      assert.equal(events[0]?.details.reinstateReason, 'builder rebuilt');
    });

    test('--env revokes in that environment only', async () => {
      await mc.revocations.revoke({ digest: d('c'), env: 'prod', reason: 'bad release' }, 'cli:alice');
      assert.equal((await promotable(d('e'), 'prod')).result, 'fail');
      assert.equal((await promotable(d('e'), 'dev')).result, 'pass');
      assert.match((await promotable(d('e'), 'prod')).reasons[0]!.message, /^revoked in prod through ancestor/);
    });

    test('bad input: unknown digest, missing reason, unknown environment, a lineage cycle', async () => {
      await assert.rejects(mc.revocations.revoke({ digest: d('0'), reason: 'x' }, 'a'), code('ARTIFACT_UNKNOWN'));
      await assert.rejects(mc.revocations.revoke({ digest: d('b') }, 'a'), code('REASON_MISSING'));
      await assert.rejects(mc.revocations.revoke({ digest: d('b'), reason: '  ' }, 'a'), code('REASON_MISSING'));
      for (const reason of ['nul \u0000 byte', 'escape \u001b[31m', 'x'.repeat(4097), 42])
        await assert.rejects(mc.revocations.revoke({ digest: d('b'), reason }, 'a'), code('REVOCATION_INVALID'));
      await assert.rejects(
        mc.revocations.revoke({ digest: d('b'), env: 'staging', reason: 'x' }, 'a'),
        code('ENVIRONMENT_UNKNOWN'),
      );
      await assert.rejects(mc.revocations.revoke({ digest: 'sha256:nope', reason: 'x' }, 'a'), code('BAD_DIGEST'));
      await assert.rejects(mc.revocations.lineage(d('0')), code('ARTIFACT_UNKNOWN'));
      // The base built from its own descendant (provenance naming e): refused, nothing stored.
      await assert.rejects(
        mc.gate.ingest(d('b'), [{ kind: 'provenance', bytes: provenance(d('b'), d('e')) }]),
        code('LINEAGE_CYCLE'),
      );
      assert.equal((await store.listEvidence(d('b'))).length, 1);
    });
  });
}

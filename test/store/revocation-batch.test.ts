import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Digest } from '../../src/domain/digest.js';
import type { RevocationRequest } from '../../src/domain/revocation.js';
import { RevocationError } from '../../src/domain/revocation-error.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { ENGINES } from '../support/engines.js';
import { link } from './revocation-support.js';

const N = 5;
const node = (i: number) => `sha256:${String(i).repeat(64)}` as Digest;
const now = new Date('2026-11-22T10:00:00Z');

const env = fc.constantFrom('prod', 'staging', undefined);
const advisory = fc.constantFrom('GHSA-a', 'GHSA-b', undefined);
const request: fc.Arbitrary<RevocationRequest> = fc.oneof(
  fc
    .record({ at: fc.nat(N - 1), env, cve: fc.boolean(), advisory, reason: fc.constantFrom('r1', 'r2') })
    .map(({ at, env, cve, advisory, reason }) => ({
      action: 'revoke' as const,
      digest: node(at),
      ...(env ? { env } : {}),
      cause: cve ? ('cve' as const) : ('manual' as const),
      ...(advisory ? { advisory } : {}),
      reason,
      actor: 't',
    })),
  fc
    .record({ at: fc.nat(N - 1), env, cause: fc.constantFrom('cve', 'manual', undefined), advisory })
    .map(({ at, env, cause, advisory }) => ({
      action: 'reinstate' as const,
      digest: node(at),
      ...(env ? { env } : {}),
      ...(cause ? { cause: cause as 'cve' | 'manual' } : {}),
      ...(advisory ? { advisory } : {}),
      reason: 'ok',
      actor: 't',
    })),
);
// Edges always point from a lower node to a higher one: a DAG, so every link is accepted.
const edge = fc.tuple(fc.nat(N - 2), fc.nat(N - 1)).map(([a, b]) => [Math.min(a, b), Math.max(a, b) + 1] as const);

async function seeded(engine: (typeof ENGINES)[number], edges: ReadonlyArray<readonly [number, number]>) {
  const store = await ReleaseStore.open((await engine.create()).engine, () => now);
  for (let i = 0; i < N; i++) await link(store, node(i));
  for (const [parent, child] of edges) if (child < N) await link(store, node(child), [node(parent)]);
  return { store, revocations: new RevocationStore(store.engine, () => now) };
}

const rows = (store: ReleaseStore) => store.engine.db.selectFrom('revocations').selectAll().orderBy('id').execute();

for (const engine of ENGINES) {
  describe(`RevocationStore.apply in one batch on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    test('many requests in one call change exactly what the same requests one call each change, in the same order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(edge, { maxLength: 6 }),
          fc.array(request, { maxLength: 6 }),
          fc.array(request, { minLength: 1, maxLength: 14 }),
          async (edges, before, batch) => {
            const one = await seeded(engine, edges);
            const each = await seeded(engine, edges);
            try {
              for (const r of before) {
                await one.revocations.apply([r]);
                await each.revocations.apply([r]);
              }
              const batched = await one.revocations.apply(batch);
              const sequential = [];
              for (const r of batch) sequential.push(...(await each.revocations.apply([r])));
              assert.deepEqual(batched, sequential);
              assert.deepEqual(await rows(one.store), await rows(each.store));
            } finally {
              await one.store.close();
              await each.store.close();
            }
          },
        ),
        { numRuns: engine.name === 'sqlite' ? 40 : 10 },
      );
    });

    test('an unknown digest anywhere in the batch fails it whole: nothing written', async () => {
      const { store, revocations } = await seeded(engine, [[0, 1]]);
      try {
        const unknown = `sha256:${'f'.repeat(64)}` as Digest;
        await assert.rejects(
          revocations.apply([
            { action: 'revoke', digest: node(0), cause: 'manual', reason: 'r', actor: 't' },
            { action: 'revoke', digest: unknown, cause: 'manual', reason: 'r', actor: 't' },
          ]),
          (e: unknown) => e instanceof RevocationError && e.code === 'ARTIFACT_UNKNOWN' && e.message.includes(unknown),
        );
        assert.deepEqual(await rows(store), []);
      } finally {
        await store.close();
      }
    });
  });
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Digest } from '../../src/domain/digest.js';
import { RevocationError } from '../../src/domain/revocation-error.js';
import { ReleaseStore } from '../../src/store/release-store.js';
import { RevocationStore } from '../../src/store/revocation-store.js';
import { ENGINES } from '../support/engines.js';
import { link } from './revocation-support.js';

const N = 6;
const node = (i: number) => `sha256:${String(i).repeat(64)}` as Digest;
const now = new Date('2026-11-22T10:00:00Z');

type Op =
  | { kind: 'revoke'; at: number; env: 'prod' | undefined }
  | { kind: 'reinstate'; at: number }
  | { kind: 'link'; child: number; parent: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('revoke' as const),
    at: fc.nat(N - 1),
    env: fc.constantFrom('prod' as const, undefined),
  }),
  fc.record({ kind: fc.constant('reinstate' as const), at: fc.nat(N - 1) }),
  fc.record({ kind: fc.constant('link' as const), child: fc.nat(N - 1), parent: fc.nat(N - 1) }),
);

/** The naive model: a digest is revoked in an environment when it or any ancestor holds a direct revocation there. */
class Model {
  parents = new Map<number, Set<number>>();
  roots = new Map<number, Set<string>>(); // node → envs of its active direct revocations ('*' = all)
  ancestors(i: number): Set<number> {
    const out = new Set<number>();
    const stack = [i];
    while (stack.length)
      for (const p of this.parents.get(stack.pop()!) ?? []) {
        if (out.has(p)) continue;
        out.add(p);
        stack.push(p);
      }
    return out;
  }
  revokedIn(i: number, env: string): boolean {
    return [i, ...this.ancestors(i)].some((a) => [...(this.roots.get(a) ?? [])].some((e) => e === '*' || e === env));
  }
}

for (const engine of ENGINES) {
  describe(`revocations against a naive model on ${engine.name}`, {
    skip: engine.available ? false : engine.skipReason,
  }, () => {
    test('any sequence of revoke, reinstate and link leaves exactly the model’s digests revoked, each chain a path', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          const store = await ReleaseStore.open((await engine.create()).engine, () => now);
          try {
            const revocations = new RevocationStore(store.engine, () => now);
            const model = new Model();
            for (let i = 0; i < N; i++) await link(store, node(i));
            for (const o of ops) {
              if (o.kind === 'link') {
                const loops = o.child === o.parent || model.ancestors(o.parent).has(o.child);
                const linking = link(store, node(o.child), [node(o.parent)]);
                if (o.child === o.parent) await assert.rejects(linking);
                else if (loops)
                  await assert.rejects(
                    linking,
                    (e: unknown) => e instanceof RevocationError && e.code === 'LINEAGE_CYCLE',
                  );
                else {
                  await linking;
                  model.parents.set(o.child, (model.parents.get(o.child) ?? new Set()).add(o.parent));
                }
              } else if (o.kind === 'revoke') {
                const env = o.env ?? '*';
                const changes = await revocations.apply([
                  {
                    action: 'revoke',
                    digest: node(o.at),
                    ...(o.env ? { env: o.env } : {}),
                    cause: 'manual',
                    reason: 'r',
                    actor: 't',
                  },
                ]);
                const had = model.roots.get(o.at)?.has(env) ?? false;
                assert.equal(changes.length > 0, !had, 'a repeat changes nothing');
                model.roots.set(o.at, (model.roots.get(o.at) ?? new Set()).add(env));
              } else {
                await revocations.apply([{ action: 'reinstate', digest: node(o.at), reason: 'ok', actor: 't' }]);
                model.roots.delete(o.at);
              }
              for (let i = 0; i < N; i++)
                for (const env of ['prod', 'dev']) {
                  const active = await revocations.active(node(i), env);
                  assert.equal(active.length > 0, model.revokedIn(i, env), `${i} in ${env} after ${JSON.stringify(o)}`);
                  for (const r of active) {
                    assert.equal(r.chain[r.chain.length - 1], node(i));
                    for (let k = 1; k < r.chain.length; k++) {
                      const child = Number(r.chain[k]!.slice(7, 8));
                      const parent = Number(r.chain[k - 1]!.slice(7, 8));
                      assert.ok(model.parents.get(child)?.has(parent), `chain step ${parent} → ${child}`);
                    }
                  }
                }
            }
          } finally {
            await store.close();
          }
        }),
        { numRuns: engine.name === 'sqlite' ? 25 : 10 },
      );
    });
  });
}

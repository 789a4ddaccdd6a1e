import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Digest } from '../../src/domain/digest.js';
import { cycleOf, walkLineage, type LineageEdge } from '../../src/graph/lineage-walk.js';
import { parseEvidenceRecord } from '../../src/evidence/parse-evidence.js';
import { parentsFromEvidence } from '../../src/graph/evidence-parents.js';

const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;
/** An in-memory graph given as child → parents. */
const loaders = (parents: Record<string, string[]>) => {
  const edges = Object.entries(parents).flatMap(([child, ps]) => ps.map((p) => ({ child: d(child), parent: d(p) })));
  return {
    up: async (frontier: readonly Digest[]): Promise<LineageEdge[]> =>
      edges.filter((e) => frontier.includes(e.child)).map((e) => ({ from: e.child, to: e.parent })),
    down: async (frontier: readonly Digest[]): Promise<LineageEdge[]> =>
      edges.filter((e) => frontier.includes(e.parent)).map((e) => ({ from: e.parent, to: e.child })),
  };
};

test('descendants come breadth-first, once each, by their shortest path', async () => {
  // a ← b ← c ← e, and a ← e directly (diamond): e is reached at depth 1 through a.
  const g = loaders({ b: ['a'], c: ['b'], e: ['c', 'a'] });
  const reached = await walkLineage(d('a'), g.down);
  assert.deepEqual(
    reached.map((r) => [r.digest, r.depth, r.path]),
    [
      [d('b'), 1, [d('a'), d('b')]],
      [d('e'), 1, [d('a'), d('e')]],
      [d('c'), 2, [d('a'), d('b'), d('c')]],
    ],
  );
});

test('a loop in stored data ends the walk instead of running forever', async () => {
  const g = loaders({ b: ['a'], a: ['b'] });
  assert.deepEqual(
    (await walkLineage(d('a'), g.down)).map((r) => r.digest),
    [d('b')],
  );
});

test('cycleOf names the loop a new link would close, child first and last', async () => {
  const g = loaders({ b: ['a'], c: ['b'] });
  // Linking a (child) to c (parent): c's ancestors are b and a, so a → c → b → a.
  const up = await walkLineage(d('c'), g.up, (x) => x === d('a'));
  assert.deepEqual(cycleOf(d('a'), d('c'), up), [d('a'), d('c'), d('b'), d('a')]);
  assert.equal(cycleOf(d('e'), d('c'), await walkLineage(d('c'), g.up)), undefined);
  assert.deepEqual(cycleOf(d('a'), d('a'), []), [d('a'), d('a')]);
});

test('property: in a random DAG a link closes a loop exactly when the child is an ancestor of the parent', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), { maxLength: 20 }),
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: 0, max: 7 }),
      async (pairs, x, y) => {
        // Edges only from a higher to a lower number (child > parent): acyclic by construction.
        const parents: Record<string, string[]> = {};
        for (const [a, b] of pairs) if (a > b) (parents[String(a)] ??= []).push(String(b));
        const g = loaders(parents);
        const ancestorsOfParent = await walkLineage(d(String(y)), g.up);
        const loop = cycleOf(d(String(x)), d(String(y)), ancestorsOfParent);
        const expected = x === y || ancestorsOfParent.some((r) => r.digest === d(String(x)));
        assert.equal(loop !== undefined, expected);
        if (loop) assert.equal(loop[0], loop[loop.length - 1]);
      },
    ),
  );
});

test('parents from evidence: provenance inputs with a sha256, the SBOM base annotation; never the artifact itself', () => {
  const provenance = {
    format: 'in-toto-v1+slsa-v1',
    statements: [
      {
        statementType: 'https://in-toto.io/Statement/v1',
        predicateType: 'https://slsa.dev/provenance/v1',
        subjects: [{ name: 'img', digest: { sha256: 'a'.repeat(64) } }],
        materials: [
          { uri: 'git+https://github.com/acme/api@refs/heads/main', digest: { gitCommit: 'f'.repeat(40) } },
          { uri: 'pkg:docker/alpine@3.20', digest: { sha256: 'B'.repeat(64) } },
          { uri: 'pkg:docker/self', digest: { sha256: 'a'.repeat(64) } },
          { uri: 'broken', digest: { sha256: 'not-hex' } },
        ],
      },
    ],
  };
  const sbom = { format: 'cyclonedx', specVersion: '1.6', baseDigest: d('c'), components: [], dependencies: [] };
  assert.deepEqual(
    parentsFromEvidence(d('a'), [
      { kind: 'provenance', normalized: provenance },
      { kind: 'sbom', normalized: sbom },
      { kind: 'scan', normalized: { findings: [] } },
    ]),
    [d('b'), d('c')],
  );
});

test('parents from parsed SLSA v0.2 provenance: materials with a sha256, git sources left out', () => {
  const statement = {
    _type: 'https://in-toto.io/Statement/v0.1',
    subject: [{ name: 'registry.example/acme/api', digest: { sha256: 'a'.repeat(64) } }],
    predicateType: 'https://slsa.dev/provenance/v0.2',
    predicate: {
      builder: { id: 'https://ci.example/builder@v1' },
      materials: [
        { uri: 'git+https://github.com/acme/api@refs/heads/main', digest: { sha1: 'f'.repeat(40) } },
        { uri: 'pkg:docker/debian@12', digest: { sha256: 'd'.repeat(64) } },
      ],
    },
  };
  const bytes = new TextEncoder().encode(JSON.stringify(statement));
  const { normalized } = parseEvidenceRecord('provenance', bytes);
  assert.deepEqual(parentsFromEvidence(d('a'), [{ kind: 'provenance', normalized }]), [d('d')]);
});

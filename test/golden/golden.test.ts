// Golden JSON: a Decision, a ledger entry of every type, an inclusion and a consistency proof and a
// signed checkpoint, each kept as RFC 8785 canonical bytes in test/golden/fixtures/. A change to
// any of these formats shows here as a byte diff before it reaches a verifier, a pack or a client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_RANGE, appendLeaves, compactRoot } from '../../src/ledger/appender.js';
import { canonicalJsonBytes, parseCanonicalJson } from '../../src/ledger/canonical-json.js';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import type { CheckpointJson } from '../../src/ledger/checkpoint-json.js';
import { decodeLedgerEntry } from '../../src/ledger/ledger-entry.js';
import { LEDGER_ENTRY_SCHEMA, validateLedgerEntry } from '../../src/ledger/ledger-entry-schema.js';
import { leafHash } from '../../src/ledger/merkle.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle-verify.js';
import { parseVerifierKey } from '../../src/ledger/note-key.js';
import { parseConsistencyProofJson, parseInclusionProofJson } from '../../src/ledger/proof-json.js';
import type { Decision } from '../../src/domain/decision.js';
import { AT } from './golden-inputs.js';
import {
  CONSISTENCY_FROM,
  INCLUSION_LEAF,
  goldenCases,
  goldenLedgerEntries,
  goldenSigner,
  type GoldenKind,
} from './golden-cases.js';
import { assertGoldenBytes, checkNoStrayGoldens, readGolden } from './golden-file.js';
import { referenceCanonicalJson } from './reference-canonical-json.js';

const CASES = goldenCases();
const filesOf = (kind: GoldenKind): string[] => CASES.filter((c) => c.kind === kind).map((c) => c.file);
/** A golden file read back as the value it holds; parseCanonicalJson refuses bytes that are not RFC 8785. */
const parsed = (file: string): unknown => parseCanonicalJson(readGolden(file), file);
const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');

test('every golden file holds, byte for byte, the RFC 8785 bytes the code makes from the fixed inputs', async (t) => {
  for (const c of CASES) {
    await t.test(c.file, () => {
      const produced = canonicalJsonBytes(c.value);
      // A second serializer, independent of the canonicalize package, agrees on every byte.
      assert.equal(
        Buffer.from(produced).toString('utf8'),
        referenceCanonicalJson(c.value),
        `${c.file}: the two RFC 8785 serializers disagree`,
      );
      assertGoldenBytes(c.file, produced);
    });
  }
  checkNoStrayGoldens(CASES.map((c) => c.file));
});

test('ledger entry goldens decode as stored entries (canonical bytes, entry schema, secret guard), one per entry type', () => {
  const types = new Set<string>();
  for (const [_i, { name }] of goldenLedgerEntries().entries()) {
    const file = `ledger-entry-${name}.json`;
    const { entry } = decodeLedgerEntry(readGolden(file));
    assert.ok(name === entry.type || name.startsWith(`${entry.type}-`), `${file} holds a ${entry.type} entry`);
    types.add(entry.type);
  }
  assert.deepEqual(
    [...types].sort(),
    [...LEDGER_ENTRY_SCHEMA.properties.type.enum].sort(),
    'a golden entry for every type the entry schema knows',
  );
});

test('decision goldens keep the decision JSON contract and the schema the ledger records decisions under', () => {
  const decisions = new Map(filesOf('decision').map((f) => [f, parsed(f) as Decision]));
  const outcomes = new Set<string>();
  for (const [file, d] of decisions) {
    // DESIGN.md's decision JSON; of the optional keys of the second wave, accessPolicyHash is built
    // (present only with access rules, a sha256 distinct from policyHash); source and enforcement are not yet.
    const { accessPolicyHash, ...contract } = d;
    assert.deepEqual(
      Object.keys(contract).sort(),
      ['allow', 'digest', 'env', 'evaluatedAt', 'gates', 'policyHash', 'profile'],
      file,
    );
    if (accessPolicyHash !== undefined) {
      assert.match(accessPolicyHash, /^sha256:[0-9a-f]{64}$/, file);
      assert.notEqual(accessPolicyHash, d.policyHash, file);
    }
    assert.equal(
      d.allow,
      d.gates.every((g) => g.result !== 'fail'),
      `${file}: allow iff no gate failed`,
    );
    for (const g of d.gates) outcomes.add(g.result);
    const failure = validateLedgerEntry({ v: 1, type: 'decision', at: AT, actor: 'mc', payload: d });
    if (file === 'decision-artifact-unknown.json') {
      // Never recorded (anonymous look-ups must not grow the ledger), so the entry schema has no 'artifact' gate.
      assert.equal(d.gates[0]?.gate, 'artifact');
      assert.equal(d.gates[0]?.reasons[0]?.code, 'ARTIFACT_UNKNOWN');
      assert.equal(failure?.path, '/payload/gates/0/gate', `${file}: the ledger refuses it at the artifact gate`);
    } else {
      assert.equal(failure, undefined, `${file}: ${failure?.message}`);
    }
  }
  assert.equal(decisions.get('decision-allow.json')?.allow, true);
  assert.equal(decisions.get('decision-deny.json')?.allow, false);
  // Every outcome evaluate() produces today; 'bypassed' has no producer yet (no bypass flow).
  assert.deepEqual([...outcomes].sort(), ['advisory-fail', 'fail', 'pass', 'skipped', 'waived']);
});

test('proof and checkpoint goldens parse strictly and verify against the tree of the ledger entry goldens', () => {
  const leaves = filesOf('ledger-entry').map((f) => leafHash(readGolden(f)));
  const root = compactRoot(appendLeaves(EMPTY_RANGE, leaves).range);
  const fromRoot = compactRoot(appendLeaves(EMPTY_RANGE, leaves.slice(0, CONSISTENCY_FROM)).range);

  const inclusion = parseInclusionProofJson(parsed('inclusion-proof.json'));
  assert.deepEqual([inclusion.leafIdx, inclusion.treeSize], [INCLUSION_LEAF, leaves.length]);
  assert.equal(
    b64(inclusion.leafHash),
    b64(leaves[INCLUSION_LEAF]!),
    'the leaf hash of the golden entry file at that index',
  );
  assert.equal(b64(inclusion.root), b64(root));
  verifyInclusion(inclusion.leafIdx, inclusion.treeSize, inclusion.leafHash, inclusion.proof, root);

  const consistency = parseConsistencyProofJson(parsed('consistency-proof.json'));
  assert.deepEqual([consistency.fromSize, consistency.toSize], [CONSISTENCY_FROM, leaves.length]);
  assert.deepEqual([b64(consistency.fromRoot), b64(consistency.toRoot)], [b64(fromRoot), b64(root)]);
  verifyConsistency(consistency.fromSize, consistency.toSize, consistency.proof, fromRoot, root);

  const json = parsed('checkpoint.json') as CheckpointJson;
  assert.deepEqual(Object.keys(json).sort(), ['createdAt', 'keyId', 'note', 'origin', 'root', 'treeSize']);
  const verifier = parseVerifierKey(goldenSigner().vkey);
  const { checkpoint } = openCheckpoint(json.note, [verifier], { origin: json.origin });
  assert.deepEqual(
    { origin: json.origin, treeSize: json.treeSize, root: json.root, keyId: json.keyId, createdAt: json.createdAt },
    {
      origin: checkpoint.origin,
      treeSize: checkpoint.size,
      root: b64(checkpoint.rootHash),
      keyId: verifier.keyId,
      createdAt: AT,
    },
    'the JSON fields say what the signed note says',
  );
  assert.equal(json.root, b64(root));
});

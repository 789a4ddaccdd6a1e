import { ed25519 } from '@noble/curves/ed25519.js';
import type { Decision } from '../../src/domain/decision.js';
import { EMPTY_RANGE, appendLeaves } from '../../src/ledger/appender.js';
import { signCheckpoint, type Checkpoint } from '../../src/ledger/checkpoint.js';
import { checkpointToJson } from '../../src/ledger/checkpoint-json.js';
import { encodeLedgerEntry, type LedgerEntry, type LedgerEntryType } from '../../src/ledger/ledger-entry.js';
import { consistencyProof, inclusionProof, rootAt } from '../../src/ledger/merkle.js';
import { ALG_ED25519, noteKeyId, parseSignerKey, type NoteSigner } from '../../src/ledger/note-key.js';
import { consistencyProofToJson, inclusionProofToJson } from '../../src/ledger/proof-json.js';
import { rotationEntryFromBody } from '../../src/ledger/rotation-attestation.js';
import { encodeBase64 } from '../../src/formats/base64.js';
import { evaluate } from '../../src/policy/evaluate.js';
import {
  ledgerEntryForDecision,
  ledgerEntryForIngest,
  ledgerEntryForRevocation,
  ledgerEntryForWaiver,
} from '../../src/store/ledger-entries.js';
import { ledgerEntryForException } from '../../src/app/approvals/approval-service.js';
import { SAMPLE_ENTRIES } from '../ledger/sample-entries.js';
import { ledgerEntryForAccessDenial } from '../../src/access/access-denial-entry.js';
import { MemorySubtrees } from '../ledger/memory-subtrees.js';
import {
  ALLOW_SNAPSHOT,
  APP,
  AT,
  CHECKPOINT_KEY,
  DENY_SNAPSHOT,
  NOW,
  POLICY,
  SBOM_BLOB,
  UNKNOWN_SNAPSHOT,
  WAIVERS,
} from './golden-inputs.js';

/**
 * Every golden file and the value the code makes for it today from the fixed inputs of
 * golden-inputs.ts, through the same functions the CLI, the server and the store call.
 */
export type GoldenKind = 'decision' | 'ledger-entry' | 'inclusion-proof' | 'consistency-proof' | 'checkpoint';
export interface GoldenCase {
  file: string;
  kind: GoldenKind;
  value: unknown;
}

const decide = (snapshot: typeof ALLOW_SNAPSHOT, env: string): Decision =>
  evaluate({ snapshot, policy: POLICY, env, waivers: WAIVERS, now: NOW }).decision;

export function goldenDecisions(): Record<'allow' | 'deny' | 'artifactUnknown', Decision> {
  return {
    allow: decide(ALLOW_SNAPSHOT, 'dev'),
    deny: decide(DENY_SNAPSHOT, 'prod'),
    artifactUnknown: decide(UNKNOWN_SNAPSHOT, 'prod'),
  };
}

const sample = (type: LedgerEntryType): LedgerEntry => SAMPLE_ENTRIES.find((e) => e.type === type)!;

/**
 * One entry per entry type, in the order they form the golden tree. ingest, decision,
 * revocation, waiver and rotation come from the builders the store and the routes use; bypass,
 * approval and drift have no writer yet, so their goldens are the shared samples of
 * test/ledger/sample-entries.ts, held to the schema until a writer exists.
 */
export function goldenLedgerEntries(): Array<{ name: string; entry: LedgerEntry }> {
  const [active, , byPurl] = WAIVERS as [(typeof WAIVERS)[0], unknown, (typeof WAIVERS)[0]];
  const revocation = DENY_SNAPSHOT.revocations[0]!;
  return [
    { name: 'ingest', entry: ledgerEntryForIngest(APP, 'sbom', SBOM_BLOB, 'cyclonedx-1.5', AT) },
    { name: 'decision', entry: ledgerEntryForDecision(goldenDecisions().deny, AT) },
    {
      name: 'revocation',
      // The row the base image's revocation propagated to the release (RevocationStore records each one).
      entry: ledgerEntryForRevocation(
        { action: 'revoke', revocation },
        revocation.source,
        revocation.reason,
        revocation.createdAt,
      ),
    },
    // WaiverService.add makes API waivers: the same fields, source 'api', the caller as actor.
    {
      name: 'waiver-create',
      entry: ledgerEntryForWaiver({ ...active, source: 'api' }, 'create', 'token:0123abcd', active.created),
    },
    { name: 'waiver-revoke', entry: ledgerEntryForWaiver({ ...byPurl, source: 'api' }, 'revoke', 'cli:alice', AT) },
    // POST /v1/ledger/attestations with the defaults: rotatedAt = now, actor = subject.
    {
      name: 'rotation',
      entry: rotationEntryFromBody({ subject: 'dave@example.com', items: ['db/password', 'github-deploy-token'] }, NOW),
    },
    { name: 'bypass', entry: sample('bypass') },
    { name: 'approval', entry: sample('approval') },
    { name: 'drift', entry: sample('drift') },
    // `mc approvals exceptions add` (the CLI's actor), ≤ 24 h.
    {
      name: 'exception',
      entry: ledgerEntryForException(
        {
          id: 'ex-0123456789ab',
          service: 'registry.example/payments/api',
          env: 'prod',
          owner: 'team-payments',
          reason: 'change freeze override for the incident fix',
          createdBy: 'cli:alice',
          createdAt: AT,
          expiresAt: '2026-11-22T14:00:00Z',
        },
        'add',
        'cli:alice',
        AT,
      ),
    },
    // A write refused by access.yaml (AccessControl.authorize): the principal's label as actor.
    {
      name: 'access-denial',
      entry: ledgerEntryForAccessDenial(
        {
          allow: false,
          action: 'revoke',
          subject: { label: 'token:audit', roles: ['auditor'] },
          resource: { env: 'prod', digest: APP },
          trace: [],
        },
        'ACCESS_DENIED',
        AT,
        'POST /v1/revocations',
      ),
    },
  ];
}

/** The checkpoint signer from the fixed seed; the public key is derived by @noble/curves, apart from node:crypto. */
export function goldenSigner(): NoteSigner {
  const typed = Uint8Array.of(ALG_ED25519, ...ed25519.getPublicKey(CHECKPOINT_KEY.seed));
  const keyId = noteKeyId(CHECKPOINT_KEY.name, typed);
  return parseSignerKey(
    `PRIVATE+KEY+${CHECKPOINT_KEY.name}+${keyId}+${encodeBase64(Uint8Array.of(ALG_ED25519, ...CHECKPOINT_KEY.seed))}`,
  );
}

/** The tree of the golden entries: proofs of leaf 2 and from size 6 to the whole tree, its checkpoint. */
export const INCLUSION_LEAF = 2;
export const CONSISTENCY_FROM = 6;

function goldenTree(entries: readonly LedgerEntry[]) {
  const leaves = entries.map((e) => encodeLedgerEntry(e).leafHash);
  const nodes = new MemorySubtrees();
  nodes.put(appendLeaves(EMPTY_RANGE, leaves).rows);
  const size = leaves.length;
  const root = rootAt(size, nodes);
  const inclusion = {
    leafIdx: INCLUSION_LEAF,
    treeSize: size,
    leafHash: nodes.get(0, INCLUSION_LEAF),
    proof: inclusionProof(INCLUSION_LEAF, size, nodes),
    root,
  };
  const consistency = {
    fromSize: CONSISTENCY_FROM,
    toSize: size,
    proof: consistencyProof(CONSISTENCY_FROM, size, nodes),
    fromRoot: rootAt(CONSISTENCY_FROM, nodes),
    toRoot: root,
  };
  return { size, root, inclusion, consistency };
}

export function goldenCases(): GoldenCase[] {
  const d = goldenDecisions();
  const entries = goldenLedgerEntries();
  const tree = goldenTree(entries.map((e) => e.entry));
  const signer = goldenSigner();
  // As LedgerService.checkpoint signs it: origin = key name, no extension lines, createdAt from the clock.
  const checkpoint: Checkpoint = { origin: signer.name, size: tree.size, rootHash: tree.root, extensions: [] };
  return [
    { file: 'decision-allow.json', kind: 'decision', value: d.allow },
    { file: 'decision-deny.json', kind: 'decision', value: d.deny },
    { file: 'decision-artifact-unknown.json', kind: 'decision', value: d.artifactUnknown },
    // With access rules in force: accessPolicyHash beside (never inside) policyHash.
    {
      file: 'decision-access-policy.json',
      kind: 'decision',
      value: evaluate({
        snapshot: ALLOW_SNAPSHOT,
        policy: POLICY,
        env: 'dev',
        waivers: WAIVERS,
        now: NOW,
        accessPolicyHash: `sha256:${'ac'.repeat(32)}`,
      }).decision,
    },
    ...entries.map(
      ({ name, entry }): GoldenCase => ({ file: `ledger-entry-${name}.json`, kind: 'ledger-entry', value: entry }),
    ),
    { file: 'inclusion-proof.json', kind: 'inclusion-proof', value: inclusionProofToJson(tree.inclusion) },
    { file: 'consistency-proof.json', kind: 'consistency-proof', value: consistencyProofToJson(tree.consistency) },
    {
      file: 'checkpoint.json',
      kind: 'checkpoint',
      value: checkpointToJson({
        checkpoint,
        note: signCheckpoint(checkpoint, [signer]),
        keyId: signer.keyId,
        createdAt: AT,
      }),
    },
  ];
}

import type { Digest } from '../domain/digest.js';
import type { Finding } from '../domain/evidence.js';
import { canonicalJsonBytes } from '../ledger/canonical-json.js';
import { decodeLedgerEntry } from '../ledger/ledger-entry.js';
import type { NoteSigner } from '../ledger/note-key.js';
import { sealPack, sha256Hex } from '../ledger/pack/pack-manifest.js';
import { ledgerPackFiles } from '../ledger/pack/pack-verifier.js';
import { StoreError } from '../store/store-error.js';
import { renderDisclosure } from './evidence-pack-disclosure.js';
import type { LedgerService } from './ledger-service.js';

/**
 * Builds an evidence pack for (digest, env): path → bytes, sealed with a manifest and its
 * signature. Layout:
 *   artifact.json                 digest, name, lineage, revocations
 *   evidence/index.json           every piece of evidence: kind, format, sha256, file
 *   evidence/<kind>-<n>.<ext>     the stored bytes (SBOM, provenance, signatures, scans, VEX)
 *   verification.json             signature and provenance gate results, trust material digests
 *   trust/…                       the trust material used (trust policy), when configured
 *   decision.json                 the recorded decision with every gate result (canonical JSON)
 *   vulnerabilities.json          findings and the vulnerabilities gate result
 *   policy.json, policy/…         policy hash, env, profile; gates.yaml and waivers.yaml
 *   ledger/…                      entries about the artifact, inclusion proofs, checkpoint
 *   disclosure-pack.md            the readable summary
 *   manifest.json, manifest.sig   sha256 of every file; C2SP signed note over the manifest
 */
export interface EvidencePackInput {
  ledger: LedgerService;
  signer: NoteSigner;
  digest: Digest;
  env: string;
  /** Policy and trust files as read at the edge: pack path → bytes. */
  policyFiles: ReadonlyMap<string, Uint8Array>;
  now: Date;
}

const json = (v: unknown): Uint8Array => new Uint8Array(Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8'));

export async function buildEvidencePack(input: EvidencePackInput): Promise<Map<string, Uint8Array>> {
  const store = input.ledger.store;
  const { digest } = input;
  const view = await store.getArtifact(digest);
  if (view === undefined) throw new StoreError('NOT_FOUND', `no artifact ${digest}`);
  const files = new Map<string, Uint8Array>();
  files.set(
    'artifact.json',
    json({ digest, name: view.name, parents: view.parents, createdAt: view.createdAt, revocations: view.revocations }),
  );

  const stored = await store.listEvidence(digest);
  const index: Array<{ path: string; kind: string; format: string; sha256: string; summary: string | null }> = [];
  const findings: Finding[] = [];
  for (const [i, e] of stored.entries()) {
    const blob = await store.getBlob(e.sha256);
    if (blob === undefined) throw new StoreError('NOT_FOUND', `evidence blob ${e.sha256} is missing from the store`);
    const ext = /json/.test(blob.mediaType) ? 'json' : 'bin';
    const path = `evidence/${e.kind}-${i + 1}.${ext}`;
    files.set(path, blob.bytes);
    index.push({ path, kind: e.kind, format: e.format, sha256: e.sha256, summary: e.summary });
    if (e.kind === 'scan') findings.push(...e.normalized.findings);
  }
  files.set('evidence/index.json', json(index));

  // A fresh checkpoint covers every entry about the artifact, including the latest decision.
  const cp = await input.ledger.checkpoint();
  const entries = await input.ledger.ledger.entriesFor(digest, cp.checkpoint.size);
  const proofs = await input.ledger.ledger.inclusionProofs(
    entries.map((e) => e.idx),
    cp.checkpoint.size,
  );
  const items = entries.map((e, i) => ({ bytes: e.bytes, proof: proofs[i]! }));
  for (const [p, b] of ledgerPackFiles(cp.note, items)) files.set(p, b);
  // decision.json is the payload of the newest decision entry for the environment, byte for byte.
  const decisions = entries
    .filter((e) => e.kind === 'decision')
    .map((e) => decodeLedgerEntry(e.bytes).entry)
    .flatMap((e) => (e.type === 'decision' && e.payload.env === input.env ? [e.payload] : []));
  const decision = decisions.at(-1);
  if (decision === undefined)
    throw new StoreError('NOT_FOUND', `no decision recorded for ${digest} in ${input.env}: run mc verify first`);

  const gate = (name: string) => decision.gates.find((g) => g.gate === name) ?? null;
  for (const [path, bytes] of input.policyFiles) files.set(path, bytes);
  const trust = [...input.policyFiles.entries()]
    .filter(([p]) => p.startsWith('trust/'))
    .map(([path, b]) => ({ path, sha256: `sha256:${sha256Hex(b)}` }));
  files.set(
    'verification.json',
    json({ signatures: gate('signatures'), provenance: gate('provenance'), trustMaterial: trust }),
  );
  files.set('decision.json', canonicalJsonBytes(decision));
  files.set('vulnerabilities.json', json({ gate: gate('vulnerabilities'), findings }));
  files.set('policy.json', json({ policyHash: decision.policyHash, env: input.env, profile: decision.profile }));

  files.set(
    'disclosure-pack.md',
    new Uint8Array(
      Buffer.from(
        renderDisclosure({
          digest,
          name: view.name,
          parents: view.parents,
          env: input.env,
          decision,
          evidence: index,
          findings,
          revocations: view.revocations,
          checkpoint: cp.checkpoint,
          ledgerEntries: items.length,
          generatedAt: input.now.toISOString(),
        }),
        'utf8',
      ),
    ),
  );
  return sealPack(files, input.signer);
}

import { openCheckpoint, type Checkpoint } from '../checkpoint.js';
import { decodeLedgerEntry, type LedgerEntry } from '../ledger-entry.js';
import type { InclusionProofResult } from '../ledger-log.js';
import { verifyInclusion } from '../merkle-verify.js';
import { parseVerifierKey, type NoteVerifier } from '../note-key.js';
import { inclusionProofToJson, parseInclusionProofJson } from '../proof-json.js';
import { PackError } from './pack-error.js';
import { verifyManifest, type PackManifest } from './pack-manifest.js';

/**
 * Offline verification of an evidence pack given as path → bytes and the vkey(s) of the
 * installation: manifest signature and every file digest, then the ledger checkpoint, then
 * each ledger entry against its inclusion proof and the checkpoint. No network, no store.
 * Layout of the ledger part:
 *   ledger/checkpoint            C2SP signed checkpoint
 *   ledger/proofs.json           [inclusion proof JSON, …] one per entry
 *   ledger/entries/<leafIdx>.json  canonical entry bytes
 */
export const CHECKPOINT_PATH = 'ledger/checkpoint';
export const PROOFS_PATH = 'ledger/proofs.json';
export const entryPath = (leafIdx: number): string => `ledger/entries/${leafIdx}.json`;

export interface PackVerification {
  manifest: PackManifest;
  checkpoint: Checkpoint;
  entries: Array<{ leafIdx: number; entry: LedgerEntry }>;
}

/** The ledger files of a pack (before sealing): entries with proofs against one checkpoint. */
export function ledgerPackFiles(
  checkpointNote: string,
  items: ReadonlyArray<{ bytes: Uint8Array; proof: InclusionProofResult }>,
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([[CHECKPOINT_PATH, new Uint8Array(Buffer.from(checkpointNote, 'utf8'))]]);
  for (const i of items) files.set(entryPath(i.proof.leafIdx), i.bytes);
  files.set(
    PROOFS_PATH,
    new Uint8Array(
      Buffer.from(
        JSON.stringify(
          items.map((i) => inclusionProofToJson(i.proof)),
          null,
          2,
        ) + '\n',
        'utf8',
      ),
    ),
  );
  return files;
}

function need(files: ReadonlyMap<string, Uint8Array>, path: string): Uint8Array {
  const b = files.get(path);
  if (b === undefined) throw new PackError('PACK_FILE_MISSING', `pack has no ${path}`, { path });
  return b;
}

export function verifyPackOffline(
  files: ReadonlyMap<string, Uint8Array>,
  vkeys: ReadonlyArray<string | NoteVerifier>,
  options: { origin?: string } = {},
): PackVerification {
  const verifiers = vkeys.map((k) => (typeof k === 'string' ? parseVerifierKey(k) : k));
  const manifest = verifyManifest(files, verifiers);
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(need(files, CHECKPOINT_PATH), verifiers, options).checkpoint;
  } catch (cause) {
    if (cause instanceof PackError) throw cause;
    throw new PackError('PACK_CHECKPOINT', `ledger checkpoint does not verify: ${(cause as Error).message}`, {
      path: CHECKPOINT_PATH,
      cause,
    });
  }
  let proofsJson: unknown;
  try {
    proofsJson = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(need(files, PROOFS_PATH)));
  } catch (cause) {
    if (cause instanceof PackError) throw cause;
    throw new PackError('PACK_PROOF', 'ledger/proofs.json is not JSON', { path: PROOFS_PATH, cause });
  }
  if (!Array.isArray(proofsJson))
    throw new PackError('PACK_PROOF', 'ledger/proofs.json must be an array', { path: PROOFS_PATH });
  const entries: PackVerification['entries'] = [];
  const seen = new Set<number>();
  proofsJson.forEach((raw, n) => {
    const at = `${PROOFS_PATH}#/${n}`;
    let proof: InclusionProofResult;
    try {
      proof = parseInclusionProofJson(raw);
    } catch (cause) {
      throw new PackError('PACK_PROOF', `proof ${n}: ${(cause as Error).message}`, { path: at, cause });
    }
    if (seen.has(proof.leafIdx))
      throw new PackError('PACK_PROOF', `proof ${n} repeats leaf ${proof.leafIdx}`, { path: at });
    seen.add(proof.leafIdx);
    if (proof.treeSize !== checkpoint.size) {
      throw new PackError(
        'PACK_PROOF',
        `proof ${n} is for tree size ${proof.treeSize}, the checkpoint is for ${checkpoint.size}`,
        { path: `${at}/treeSize` },
      );
    }
    if (Buffer.compare(Buffer.from(proof.root), Buffer.from(checkpoint.rootHash)) !== 0) {
      throw new PackError('PACK_PROOF', `proof ${n} names another root than the checkpoint`, { path: `${at}/root` });
    }
    const path = entryPath(proof.leafIdx);
    let decoded: ReturnType<typeof decodeLedgerEntry>;
    try {
      decoded = decodeLedgerEntry(need(files, path));
    } catch (cause) {
      if (cause instanceof PackError) throw cause;
      throw new PackError('PACK_ENTRY', `${path}: ${(cause as Error).message}`, { path, cause });
    }
    if (Buffer.compare(Buffer.from(decoded.leafHash), Buffer.from(proof.leafHash)) !== 0) {
      throw new PackError('PACK_ENTRY', `${path} is not the entry its proof is for (reordered or replaced)`, { path });
    }
    try {
      verifyInclusion(proof.leafIdx, proof.treeSize, proof.leafHash, proof.proof, checkpoint.rootHash);
    } catch (cause) {
      throw new PackError('PACK_PROOF', `proof ${n} does not verify: ${(cause as Error).message}`, { path: at, cause });
    }
    entries.push({ leafIdx: proof.leafIdx, entry: decoded.entry });
  });
  return { manifest, checkpoint, entries };
}

import type { Decision } from '../domain/decision.js';
import { canonicalJson, parseCanonicalJson } from '../ledger/canonical-json.js';
import type { NoteVerifier } from '../ledger/note-key.js';
import { PackError } from '../ledger/pack/pack-error.js';
import { packFileCounts, sha256Hex } from '../ledger/pack/pack-manifest.js';
import { verifyPackOffline, type PackVerification } from '../ledger/pack/pack-verifier.js';

export interface EvidencePackReport {
  digest: string;
  env: string;
  allow: boolean;
  policyHash: string;
  /** Every file in the pack, manifest.json and manifest.sig included (as `mc evidence pack` counts). */
  files: number;
  /** The files manifest.json lists: all but manifest.json and manifest.sig. */
  listed: number;
  ledgerEntries: number;
  checkpoint: { origin: string; treeSize: number };
}

function readJson(files: ReadonlyMap<string, Uint8Array>, path: string): unknown {
  const b = files.get(path);
  if (b === undefined) throw new PackError('PACK_FILE_MISSING', `pack has no ${path}`, { path });
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b));
  } catch (cause) {
    throw new PackError('PACK_CONTENT', `${path} is not JSON`, { path, cause });
  }
}

const content = (message: string, path: string) => new PackError('PACK_CONTENT', message, { path });

/**
 * `mc evidence verify-offline`: the signed manifest, every file digest, the checkpoint, every
 * entry's inclusion proof (verifyPackOffline); then that the pack's own files are the ones the
 * ledger recorded — decision.json is a recorded decision entry, every evidence file was
 * ingested for the artifact, the policy hash is the decision's. Pure: no network, no store.
 */
export function verifyEvidencePack(
  files: ReadonlyMap<string, Uint8Array>,
  vkeys: ReadonlyArray<string | NoteVerifier>,
  options: { origin?: string } = {},
): EvidencePackReport {
  const verified: PackVerification = verifyPackOffline(files, vkeys, options);
  const artifact = readJson(files, 'artifact.json') as { digest?: unknown };
  const digest = typeof artifact?.digest === 'string' ? artifact.digest : '';
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw content('artifact.json has no artifact digest', 'artifact.json');

  let decision: Decision;
  try {
    decision = parseCanonicalJson(files.get('decision.json') ?? new Uint8Array(), 'decision.json') as Decision;
  } catch (cause) {
    throw new PackError('PACK_CONTENT', 'decision.json is missing or not canonical JSON', {
      path: 'decision.json',
      cause,
    });
  }
  const decisionText = canonicalJson(decision);
  const recorded = verified.entries.some(
    (e) => e.entry.type === 'decision' && canonicalJson(e.entry.payload) === decisionText,
  );
  if (!recorded)
    throw content("decision.json is not a decision recorded in the pack's ledger entries", 'decision.json');
  if (decision.digest !== digest)
    throw content('decision.json is about another artifact than artifact.json', 'decision.json');

  const policy = readJson(files, 'policy.json') as { policyHash?: unknown; env?: unknown };
  if (policy?.policyHash !== decision.policyHash || policy?.env !== decision.env)
    throw content("policy.json does not name the decision's policy hash and environment", 'policy.json');

  const index = readJson(files, 'evidence/index.json');
  if (!Array.isArray(index)) throw content('evidence/index.json must be an array', 'evidence/index.json');
  const ingested = new Set(
    verified.entries.flatMap((e) =>
      e.entry.type === 'ingest' && e.entry.payload.artifact === digest ? [e.entry.payload.sha256] : [],
    ),
  );
  index.forEach((item: { path?: unknown; sha256?: unknown }, i) => {
    const at = `evidence/index.json#/${i}`;
    if (typeof item?.path !== 'string' || typeof item.sha256 !== 'string')
      throw content('evidence index item needs path and sha256', at);
    const bytes = files.get(item.path);
    if (bytes === undefined)
      throw new PackError('PACK_FILE_MISSING', `${item.path} is listed in evidence/index.json but missing`, {
        path: item.path,
      });
    if (`sha256:${sha256Hex(bytes)}` !== item.sha256)
      throw content(`${item.path} does not have the sha256 the index gives`, item.path);
    if (!ingested.has(item.sha256 as `sha256:${string}`))
      throw content(`${item.path} has no ingest entry for ${digest} in the pack's ledger entries`, item.path);
  });

  return {
    digest,
    env: decision.env,
    allow: decision.allow,
    policyHash: decision.policyHash,
    ...packFileCounts(files),
    ledgerEntries: verified.entries.length,
    checkpoint: { origin: verified.checkpoint.origin, treeSize: verified.checkpoint.size },
  };
}

import { LedgerError } from './ledger-error.js';
import { HASH_SIZE } from './merkle.js';
import type { NoteSigner, NoteVerifier } from './note-key.js';
import { openNote, signNote, type NoteLimits, type OpenedNote } from './signed-note.js';
import { decodeBase64Strict, encodeBase64 } from '../formats/base64.js';

/**
 * C2SP tlog-checkpoint bodies (c2sp.org/tlog-checkpoint, C2SP@5ba5ee8): origin, tree size in
 * decimal without leading zeros, base64 RFC 6962 root hash, then optional non-empty extension
 * lines; the body is the text of a signed note. Checkpoint text is attacker-controlled.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions: readonly string[];
}

function malformed(message: string, path: string): LedgerError {
  return new LedgerError('CHECKPOINT_MALFORMED', `malformed checkpoint: ${message}`, { path });
}

export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n'))
    throw malformed('origin must be one non-empty line', 'origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0)
    throw malformed('size must be a non-negative safe integer', 'size');
  if (cp.rootHash.length !== HASH_SIZE) throw malformed(`root hash must be ${HASH_SIZE} bytes`, 'rootHash');
  cp.extensions.forEach((e, i) => {
    if (e.length === 0 || e.includes('\n'))
      throw malformed('extension lines must be single non-empty lines', `extensions/${i}`);
  });
  return [cp.origin, String(cp.size), encodeBase64(cp.rootHash), ...cp.extensions].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint body (the note text). With `origin`, the origin line must equal it. */
export function parseCheckpoint(text: string, options: { origin?: string } = {}): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('body must end in a newline', 'body');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('needs origin, size and root hash lines', 'body');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw malformed('empty origin line', 'origin');
  if (options.origin !== undefined && origin !== options.origin) {
    throw new LedgerError(
      'ORIGIN_MISMATCH',
      `checkpoint origin ${JSON.stringify(origin.slice(0, 100))} is not ${JSON.stringify(options.origin)}`,
      {
        path: 'origin',
      },
    );
  }
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw malformed('tree size must be decimal without leading zeros', 'size');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size))
    throw new LedgerError('CHECKPOINT_MALFORMED', 'tree size beyond 2^53', { path: 'size', kind: 'unsupported' });
  const rootHash = decodeBase64Strict(rootText);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE)
    throw malformed(`root hash must be base64 of ${HASH_SIZE} bytes`, 'rootHash');
  extensions.forEach((e, i) => {
    if (e.length === 0) throw malformed('empty extension line', `extensions/${i}`);
  });
  return { origin, size, rootHash, extensions };
}

/** Signs a checkpoint; the log's key name should equal the origin (tlog-checkpoint "Signatures"). */
export function signCheckpoint(cp: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(cp), signers);
}

/**
 * Opens a signed checkpoint: the note must verify with the given keys, and one verified
 * signature must come from a key named like the origin (so a witness key alone does not
 * vouch for a log). Rotation: pass the old and the new vkey of the log.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: { origin?: string } & NoteLimits = {},
): { checkpoint: Checkpoint; note: OpenedNote } {
  const opened = openNote(note, verifiers, options);
  const checkpoint = parseCheckpoint(opened.text, options.origin === undefined ? {} : { origin: options.origin });
  if (!opened.verified.some((s) => s.name === checkpoint.origin)) {
    throw new LedgerError(
      'ORIGIN_MISMATCH',
      `no verified signature by the log key named ${JSON.stringify(checkpoint.origin.slice(0, 100))}`,
      {
        path: 'signatures',
      },
    );
  }
  return { checkpoint, note: opened };
}

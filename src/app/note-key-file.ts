import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LedgerError } from '../ledger/ledger-error.js';
import {
  generateNoteKey,
  isValidKeyName,
  parseSignerKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
} from '../ledger/note-key.js';

/**
 * The I/O edge of the ledger's note key (`mc init`, `mc ledger key --rotate`):
 *   <home>/ledger.key    the current skey (C2SP signed-note private key), mode 0600
 *   <home>/ledger.vkeys  every vkey the installation has signed with, one per line (public),
 *                        so checkpoints signed before a rotation keep verifying.
 */
export interface NoteKeys {
  signer: NoteSigner;
  /** Current and retired verifier keys, current first. */
  verifiers: NoteVerifier[];
}

export const vkeysFileFor = (keyFile: string): string => join(dirname(keyFile), 'ledger.vkeys');

function readVkeys(keyFile: string): string[] {
  const file = vkeysFileFor(keyFile);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode, flag: 'wx' });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

/** Creates the key file (never overwrites one). Returns the vkey, and whether it was created. */
export function createNoteKeyFile(keyFile: string, origin: string): { vkey: string; created: boolean } {
  if (existsSync(keyFile)) return { vkey: readNoteKeys(keyFile).signer.vkey, created: false };
  if (!isValidKeyName(origin))
    throw new LedgerError(
      'KEY_MALFORMED',
      `origin ${JSON.stringify(origin.slice(0, 100))} is not a valid key name (no spaces or +)`,
      { path: 'origin' },
    );
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const { skey, vkey } = generateNoteKey(origin);
  writeAtomic(keyFile, `${skey}\n`, 0o600);
  const known = readVkeys(keyFile);
  if (!known.includes(vkey)) writeAtomic(vkeysFileFor(keyFile), [...known, vkey].map((k) => `${k}\n`).join(''), 0o644);
  return { vkey, created: true };
}

/** Reads the signer and every known vkey. Refuses a key file readable by group or others. */
export function readNoteKeys(keyFile: string): NoteKeys {
  let text: string;
  try {
    const st = statSync(keyFile);
    if ((st.mode & 0o077) !== 0) {
      throw new LedgerError(
        'KEY_FILE',
        `${keyFile} is readable by others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`,
        { path: keyFile },
      );
    }
    text = readFileSync(keyFile, 'utf8');
  } catch (cause) {
    if (cause instanceof LedgerError) throw cause;
    throw new LedgerError('KEY_FILE', `cannot read the ledger key ${keyFile}: run mc init`, {
      path: keyFile,
      cause,
      kind: 'not-found',
    });
  }
  const signer = parseSignerKey(text.trim());
  const retired = readVkeys(keyFile)
    .filter((k) => k !== signer.vkey)
    .map((k) => parseVerifierKey(k));
  return { signer, verifiers: [parseVerifierKey(signer.vkey), ...retired] };
}

/**
 * Only the public vkeys (`ledger.vkeys` beside the key file), for an auditor given the vkeys but
 * not the private key; empty when the file is absent.
 */
export function readVerifierKeys(keyFile: string): NoteVerifier[] {
  return readVkeys(keyFile).map((k) => parseVerifierKey(k));
}

/** Key rotation: a new key with the same name (the origin); the old vkey stays in ledger.vkeys. */
export function rotateNoteKeyFile(keyFile: string): { vkey: string; retired: string } {
  const current = readNoteKeys(keyFile);
  const { skey, vkey } = generateNoteKey(current.signer.name);
  const known = readVkeys(keyFile);
  writeAtomic(
    vkeysFileFor(keyFile),
    [...new Set([...known, current.signer.vkey, vkey])].map((k) => `${k}\n`).join(''),
    0o644,
  );
  writeAtomic(keyFile, `${skey}\n`, 0o600);
  return { vkey, retired: current.signer.vkey };
}

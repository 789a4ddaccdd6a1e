import { LedgerError } from './ledger-error.js';
import type { NoteSigner, NoteVerifier } from './note-key.js';
import { isValidKeyName } from './note-key.js';
import { decodeBase64Strict, encodeBase64 } from '../formats/base64.js';

/**
 * C2SP signed notes (c2sp.org/signed-note, C2SP@5ba5ee8), behaviour-compatible with
 * golang.org/x/mod/sumdb/note `Open`/`Sign`:
 *   text ending in \n, a blank line, then lines "— <name> base64(keyID[4] || sig)\n".
 * The text is separated from the signatures by the LAST blank line. The whole note is
 * attacker-controlled: valid UTF-8 only, no control characters but \n, bounded size and
 * signature count; unknown keys are ignored, a known key with a bad signature rejects the
 * note, and a note with no verified signature is rejected.
 */
const SIG_PREFIX = '\u2014 '; // U+2014 EM DASH, space
export const MAX_SIGNATURES = 100; // golang.org/x/mod/sumdb/note; the spec asks for at least 16
export const MAX_NOTE_BYTES = 1 << 20;

export interface NoteSignature {
  readonly name: string;
  /** 8 lowercase hex digits (big-endian uint32 from the first four signature bytes). */
  readonly keyId: string;
  /** base64 of keyID || signature, as on the line. */
  readonly sig: string;
}

export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface OpenedNote {
  readonly text: string;
  readonly verified: readonly NoteSignature[];
  readonly unverified: readonly NoteSignature[];
}

export interface NoteLimits {
  maxBytes?: number;
  maxSignatures?: number;
}

function malformed(message: string, path = 'note'): LedgerError {
  return new LedgerError('NOTE_MALFORMED', `malformed note: ${message}`, { path });
}

/** Decodes and checks the character rules shared by parse and sign. */
function toText(note: string | Uint8Array, maxBytes: number): string {
  let text: string;
  if (typeof note === 'string') {
    if (/\p{Cs}/u.test(note)) throw malformed('lone surrogate (not UTF-8)');
    if (Buffer.byteLength(note, 'utf8') > maxBytes)
      throw new LedgerError('NOTE_TOO_LARGE', `note exceeds ${maxBytes} bytes`, { path: 'note' });
    text = note;
  } else {
    if (note.length > maxBytes)
      throw new LedgerError('NOTE_TOO_LARGE', `note exceeds ${maxBytes} bytes`, { path: 'note' });
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch (cause) {
      throw new LedgerError('NOTE_MALFORMED', 'malformed note: not valid UTF-8', { path: 'note', cause });
    }
  }
  const ctl = /[\u0000-\u0009\u000b-\u001f]/.exec(text);
  if (ctl)
    throw malformed(`control character U+${ctl[0].charCodeAt(0).toString(16).padStart(4, '0')} at offset ${ctl.index}`);
  return text;
}

/** Splits and syntax-checks a signed note without verifying anything. */
export function parseNote(note: string | Uint8Array, limits: NoteLimits = {}): ParsedNote {
  const msg = toText(note, limits.maxBytes ?? MAX_NOTE_BYTES);
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n'))
    throw malformed('signature block is empty or does not end in a newline');
  const lines = block.slice(0, -1).split('\n');
  const max = limits.maxSignatures ?? MAX_SIGNATURES;
  if (lines.length > max) throw malformed(`more than ${max} signature lines`);
  const signatures = lines.map((line, i): NoteSignature => {
    const path = `signatures/${i}`;
    if (!line.startsWith(SIG_PREFIX)) throw malformed(`signature line ${i + 1} does not start with "— "`, path);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const sig = space < 0 ? '' : rest.slice(space + 1);
    const bytes = decodeBase64Strict(sig);
    if (!isValidKeyName(name)) throw malformed(`signature line ${i + 1} has an invalid key name`, path);
    if (bytes === undefined || bytes.length < 5)
      throw malformed(`signature line ${i + 1} is not base64 of key id and signature`, path);
    return { name, keyId: Buffer.from(bytes.subarray(0, 4)).toString('hex'), sig };
  });
  return { text, signatures };
}

/**
 * Opens a note with the verifiers the caller trusts (c2sp.org/signed-note "Signatures").
 * Holding several vkeys (old and new after a rotation) verifies notes signed by any of them.
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  limits: NoteLimits = {},
): OpenedNote {
  const parsed = parseNote(note, limits);
  const message = Buffer.from(parsed.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const s of parsed.signatures) {
    const key = `${s.name}+${s.keyId}+${s.sig}`;
    if (seen.has(key)) continue; // identical repeated lines collapse
    seen.add(key);
    const known = verifiers.filter((v) => v.name === s.name && v.keyId === s.keyId);
    if (known.length === 0) {
      unverified.push(s); // MUST ignore unknown keys, even sharing a name or an id with a known one
      continue;
    }
    if (known.length > 1)
      throw new LedgerError('KEY_AMBIGUOUS', `ambiguous key ${s.name}+${s.keyId}`, { path: 'vkeys' });
    // Every signature of a known key is checked, also repeats that differ (stricter than Go's
    // sumdb/note, which skips a known key's second signature).
    const raw = decodeBase64Strict(s.sig)!.subarray(4);
    if (!known[0]!.verify(message, raw)) {
      throw new LedgerError('SIGNATURE_INVALID', `invalid signature for key ${s.name}+${s.keyId}`, {
        path: 'signatures',
      });
    }
    if (!verified.some((v) => v.name === s.name && v.keyId === s.keyId && v.sig === s.sig)) verified.push(s);
  }
  if (verified.length === 0)
    throw new LedgerError('NO_VERIFIED_SIGNATURE', 'note has no verifiable signatures', { path: 'signatures' });
  return { text: parsed.text, verified, unverified };
}

/** Signs text (which must end in \n) with each signer, appending to existing signatures if given. */
export function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly NoteSignature[] = [],
): string {
  const checked = toText(text, MAX_NOTE_BYTES);
  if (!checked.endsWith('\n')) throw malformed('text must end in a newline', 'text');
  if (signers.length + existing.length === 0) throw malformed('a note needs at least one signature', 'signers');
  const message = Buffer.from(checked, 'utf8');
  const lines = existing.map((s) => `${SIG_PREFIX}${s.name} ${s.sig}\n`);
  for (const signer of signers) {
    const sig = Buffer.concat([Buffer.from(signer.keyId, 'hex'), signer.sign(message)]);
    lines.push(`${SIG_PREFIX}${signer.name} ${encodeBase64(sig)}\n`);
  }
  return `${checked}\n${lines.join('')}`;
}

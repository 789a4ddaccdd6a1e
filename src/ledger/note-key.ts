import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { LedgerError } from './ledger-error.js';
import { sha256 } from './merkle.js';
import { decodeBase64Strict, encodeBase64 } from '../formats/base64.js';

/**
 * C2SP signed-note keys (c2sp.org/signed-note "Verifier keys"), Ed25519 only (type 0x01):
 *   vkey = <name>+hex(key ID)+base64(0x01 || 32-byte public key)
 *   skey = PRIVATE+KEY+<name>+hex(key ID)+base64(0x01 || 32-byte seed)   (golang.org/x/mod/sumdb/note)
 *   key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian uint32.
 * Key strings are attacker-controlled when they come from flags or packs; each part is
 * checked and a mismatching key ID is refused.
 */
export const ALG_ED25519 = 0x01;

export interface NoteVerifier {
  readonly name: string;
  /** 8 lowercase hex digits. */
  readonly keyId: string;
  readonly vkey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: string;
  /** The matching verifier key, to publish (`mc ledger key`). */
  readonly vkey: string;
  sign(message: Uint8Array): Uint8Array;
}

// DER prefixes of RFC 8410 SubjectPublicKeyInfo / PKCS#8 for Ed25519 (OID 1.3.101.112).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Key names: non-empty, no Unicode spaces, no '+' (c2sp.org/signed-note "Format"). */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' && name.length > 0 && !/[\s\u0085+\p{Cs}]/u.test(name) && !/[\u0000-\u001f]/.test(name)
  );
}

export function noteKeyId(name: string, typedKey: Uint8Array): string {
  return Buffer.from(sha256(Buffer.from(name + '\n', 'utf8'), typedKey).subarray(0, 4)).toString('hex');
}

function bad(message: string, path: string): LedgerError {
  return new LedgerError('KEY_MALFORMED', message, { path });
}

/** Splits on the first n '+' only: base64 itself may contain '+'. */
function cut(text: string, parts: number): string[] | undefined {
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < parts - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const parts = typeof vkey === 'string' ? cut(vkey, 3) : undefined;
  if (parts === undefined) throw bad('vkey must be <name>+<hex key id>+<base64 key>', 'vkey');
  const [name, id, b64] = parts as [string, string, string];
  if (!isValidKeyName(name)) throw bad('vkey name is empty or contains a space or +', 'vkey/name');
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad('vkey key id must be 8 lowercase hex digits', 'vkey/keyId');
  const key = decodeBase64Strict(b64);
  if (key === undefined || key.length === 0) throw bad('vkey key is not canonical base64', 'vkey/key');
  if (noteKeyId(name, key) !== id)
    throw new LedgerError('KEY_ID_MISMATCH', `vkey id ${id} does not match its name and key`, { path: 'vkey/keyId' });
  if (key[0] !== ALG_ED25519)
    throw bad(`unsupported signature type 0x${key[0]!.toString(16).padStart(2, '0')} (only Ed25519, 0x01)`, 'vkey/key');
  if (key.length !== 33) throw bad('an Ed25519 public key is 32 bytes', 'vkey/key');
  let pub: KeyObject;
  try {
    pub = publicKeyObject(key.subarray(1));
  } catch (cause) {
    throw new LedgerError('KEY_MALFORMED', 'not an Ed25519 public key', { path: 'vkey/key', cause });
  }
  return {
    name,
    keyId: id,
    vkey,
    verify: (message, signature) => signature.length === 64 && verify(null, message, pub, signature),
  };
}

function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const x = createPublicKey(priv).export({ format: 'jwk' }).x;
  const typed = Buffer.concat([Uint8Array.of(ALG_ED25519), Buffer.from(x ?? '', 'base64url')]);
  const keyId = noteKeyId(name, typed);
  return { name, keyId, vkey: `${name}+${keyId}+${encodeBase64(typed)}`, sign: (message) => sign(null, message, priv) };
}

/** Parses an skey; the private key string is a secret: messages never quote it. */
export function parseSignerKey(skey: string): NoteSigner {
  const parts = typeof skey === 'string' ? cut(skey, 5) : undefined;
  if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw bad('skey must be PRIVATE+KEY+<name>+<hex id>+<base64>', 'skey');
  const [, , name, id, b64] = parts as [string, string, string, string, string];
  if (!isValidKeyName(name)) throw bad('skey name is empty or contains a space or +', 'skey/name');
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad('skey key id must be 8 lowercase hex digits', 'skey/keyId');
  const key = decodeBase64Strict(b64);
  if (key === undefined || key.length !== 33 || key[0] !== ALG_ED25519)
    throw bad('skey must hold 0x01 and a 32-byte Ed25519 seed', 'skey/key');
  const signer = signerFromSeed(name, key.subarray(1));
  if (signer.keyId !== id)
    throw new LedgerError('KEY_ID_MISMATCH', 'skey id does not match its name and key', { path: 'skey/keyId' });
  return signer;
}

/** A fresh Ed25519 note key (`mc init`). Returns the skey (store it 0600) and the vkey. */
export function generateNoteKey(name: string): { skey: string; vkey: string } {
  if (!isValidKeyName(name)) throw bad('key name is empty or contains a space or +', 'name');
  const d = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }).d;
  const seed = Buffer.from(d ?? '', 'base64url');
  const signer = signerFromSeed(name, seed);
  const skey = `PRIVATE+KEY+${name}+${signer.keyId}+${encodeBase64(Buffer.concat([Uint8Array.of(ALG_ED25519), seed]))}`;
  return { skey, vkey: signer.vkey };
}

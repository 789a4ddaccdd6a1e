import canonicalize from 'canonicalize';
import { LedgerError } from './ledger-error.js';

/**
 * RFC 8785 JSON Canonicalization Scheme via the `canonicalize` package (the reference
 * implementation's author). Ledger entries are stored and hashed as these exact bytes, so a
 * verifier recomputes leaf hashes from stored bytes without trusting any serializer.
 */
export function canonicalJson(value: unknown): string {
  let out: string | undefined;
  try {
    out = canonicalize(value);
  } catch (cause) {
    // NaN, Infinity, lone surrogates and cycles have no RFC 8785 form.
    throw new LedgerError('ENTRY_NOT_CANONICAL', `value has no canonical JSON form: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (out === undefined)
    throw new LedgerError('ENTRY_NOT_CANONICAL', 'value has no JSON form (undefined, function or symbol)');
  return out;
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(canonicalJson(value), 'utf8'));
}

/**
 * Parses bytes that must already be canonical (attacker-controlled: from a pack or a
 * tampered store). Any difference from the canonical re-serialisation is refused, so one
 * entry has exactly one byte representation and one leaf hash.
 */
export function parseCanonicalJson(bytes: Uint8Array, path = 'entry'): unknown {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch (cause) {
    throw new LedgerError('ENTRY_INVALID', 'entry is not UTF-8 JSON', { path, cause, kind: 'malformed' });
  }
  if (canonicalJson(value) !== text)
    throw new LedgerError('ENTRY_NOT_CANONICAL', 'entry bytes are not RFC 8785 canonical JSON', { path });
  return value;
}

import { BASE64_ANY_ALPHABET, isBase64Strict } from '../../formats/base64.js';
import { VerificationError } from '../verification-error.js';

/**
 * Encoding checks that protobuf-specs' JSON decoding skips: it decodes base64 leniently (dropping
 * characters it does not know) and accepts negative or fractional integers as strings. Every value
 * here is attacker-controlled, so a field that is not well-formed fails with its JSON pointer.
 * (protobuf JSON mapping: bytes are base64 in either alphabet, padded or not; int64 are strings.)
 */
const BYTES_FIELDS = new Set([
  'signature',
  'sig',
  'payload',
  'rawBytes',
  'digest',
  'signedTimestamp',
  'canonicalizedBody',
  'rootHash',
  'hashes',
  'signedEntryTimestamp',
  'keyId',
]);
const INT_FIELDS = new Set(['logIndex', 'treeSize', 'integratedTime']);
const UINT_RE = /^(0|[1-9][0-9]{0,18})$/;
const MAX_DEPTH = 32;

function fail(path: string, message: string): never {
  throw new VerificationError('BUNDLE_MALFORMED', `bundle field ${path}: ${message}`, { path });
}

function checkBase64(value: unknown, path: string): void {
  if (typeof value !== 'string') fail(path, 'must be a base64 string');
  // The one strict rule (formats/base64.ts) that `mc ingest --provenance` applies to the same fields.
  if (!isBase64Strict(value, BASE64_ANY_ALPHABET)) fail(path, 'is not valid base64');
}

function walk(node: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) fail(path, 'nesting is too deep');
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      walk(v, `${path}/${i}`, depth + 1);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    const p = `${path}/${key}`;
    if (BYTES_FIELDS.has(key) && (typeof value === 'string' || Array.isArray(value))) {
      if (Array.isArray(value))
        value.forEach((v, i) => {
          checkBase64(v, `${p}/${i}`);
        });
      else checkBase64(value, p);
    } else if (INT_FIELDS.has(key)) {
      if (
        !(typeof value === 'string' && UINT_RE.test(value)) &&
        !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
      ) {
        fail(p, 'must be a non-negative integer');
      }
    } else {
      walk(value, p, depth + 1);
    }
  }
}

export function checkBundleEncoding(json: unknown): void {
  walk(json, '', 0);
}

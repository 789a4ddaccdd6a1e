import { LedgerError } from './ledger-error.js';
import type { ConsistencyProofResult, InclusionProofResult } from './ledger-log.js';
import { HASH_SIZE } from './merkle.js';
import { decodeBase64Strict, encodeBase64 } from '../formats/base64.js';

/**
 * Proof JSON (CLI --json, HTTP, evidence packs), hashes in base64:
 *   {"leafIdx", "treeSize", "leafHash", "proof": [...], "root"}
 *   {"fromSize", "toSize", "proof": [...], "fromRoot", "toRoot"}
 * Parsing is for attacker-controlled input: exact keys, safe integers, canonical base64 of
 * 32 bytes, bounded proof length (64 hashes covers any 2^53 tree twice over).
 */
export interface InclusionProofJson {
  leafIdx: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
  root: string;
}
export interface ConsistencyProofJson {
  fromSize: number;
  toSize: number;
  proof: string[];
  fromRoot: string;
  toRoot: string;
}

const MAX_PROOF = 128;

export function inclusionProofToJson(p: InclusionProofResult): InclusionProofJson {
  return {
    leafIdx: p.leafIdx,
    treeSize: p.treeSize,
    leafHash: encodeBase64(p.leafHash),
    proof: p.proof.map(encodeBase64),
    root: encodeBase64(p.root),
  };
}

export function consistencyProofToJson(p: ConsistencyProofResult): ConsistencyProofJson {
  return {
    fromSize: p.fromSize,
    toSize: p.toSize,
    proof: p.proof.map(encodeBase64),
    fromRoot: encodeBase64(p.fromRoot),
    toRoot: encodeBase64(p.toRoot),
  };
}

function invalid(message: string, path: string): LedgerError {
  return new LedgerError('PROOF_JSON_INVALID', message, { path });
}

function fields(value: unknown, keys: readonly string[], kind: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${kind} proof must be a JSON object`, '/');
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj))
    if (!keys.includes(k)) throw invalid(`unexpected field ${JSON.stringify(k).slice(0, 80)}`, `/${k}`);
  for (const k of keys) if (!(k in obj)) throw invalid(`missing field ${k}`, `/${k}`);
  return obj;
}

function int(obj: Record<string, unknown>, key: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw invalid(`${key} must be a non-negative integer`, `/${key}`);
  return v;
}

function hash(v: unknown, path: string): Uint8Array {
  const bytes = typeof v === 'string' ? decodeBase64Strict(v) : undefined;
  if (bytes === undefined || bytes.length !== HASH_SIZE) throw invalid(`must be base64 of ${HASH_SIZE} bytes`, path);
  return bytes;
}

function hashes(v: unknown, path: string): Uint8Array[] {
  if (!Array.isArray(v) || v.length > MAX_PROOF) throw invalid(`must be an array of at most ${MAX_PROOF} hashes`, path);
  return v.map((h, i) => hash(h, `${path}/${i}`));
}

export function parseInclusionProofJson(value: unknown): InclusionProofResult {
  const o = fields(value, ['leafIdx', 'treeSize', 'leafHash', 'proof', 'root'], 'inclusion');
  return {
    leafIdx: int(o, 'leafIdx'),
    treeSize: int(o, 'treeSize'),
    leafHash: hash(o.leafHash, '/leafHash'),
    proof: hashes(o.proof, '/proof'),
    root: hash(o.root, '/root'),
  };
}

export function parseConsistencyProofJson(value: unknown): ConsistencyProofResult {
  const o = fields(value, ['fromSize', 'toSize', 'proof', 'fromRoot', 'toRoot'], 'consistency');
  return {
    fromSize: int(o, 'fromSize'),
    toSize: int(o, 'toSize'),
    proof: hashes(o.proof, '/proof'),
    fromRoot: hash(o.fromRoot, '/fromRoot'),
    toRoot: hash(o.toRoot, '/toRoot'),
  };
}

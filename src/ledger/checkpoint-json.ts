import type { Checkpoint } from './checkpoint.js';
import { encodeBase64 } from '../formats/base64.js';

/**
 * A stored signed checkpoint as JSON, the same for `GET /v1/ledger/checkpoint?format=json` and
 * `mc ledger checkpoint --json`: the parsed body fields (root in standard base64, as in the
 * note itself) beside the C2SP note they came from.
 */
export interface CheckpointJson {
  origin: string;
  treeSize: number;
  root: string;
  keyId: string;
  createdAt: string;
  note: string;
}

export function checkpointToJson(cp: {
  checkpoint: Checkpoint;
  note: string;
  keyId: string;
  createdAt: string;
}): CheckpointJson {
  return {
    origin: cp.checkpoint.origin,
    treeSize: cp.checkpoint.size,
    root: encodeBase64(cp.checkpoint.rootHash),
    keyId: cp.keyId,
    createdAt: cp.createdAt,
    note: cp.note,
  };
}

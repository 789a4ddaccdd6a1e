import { BaseError, type ErrorOptions } from '../../domain/errors.js';

/** Why an evidence pack fails offline verification; `path` names the file (and field). */
export type PackErrorCode =
  | 'PACK_FILE_MISSING' // listed in the manifest, absent from the pack
  | 'PACK_FILE_UNLISTED' // present in the pack, not in the manifest
  | 'PACK_FILE_DIGEST' // bytes do not match the manifest's sha256
  | 'PACK_PATH_INVALID' // absolute, '..', backslash or duplicate path
  | 'PACK_MANIFEST_INVALID' // manifest.json not canonical JSON of the documented shape
  | 'PACK_MANIFEST_SIGNATURE' // manifest.sig does not verify, or names another manifest
  | 'PACK_CHECKPOINT' // ledger/checkpoint does not verify
  | 'PACK_PROOF' // a proof is malformed, for another tree size, or does not verify
  | 'PACK_ENTRY' // a ledger entry is malformed or does not match its proof
  | 'PACK_CONTENT' // a pack file disagrees with the ledger entries it should be recorded in
  | 'PACK_ARCHIVE_INVALID' // not a gzip-compressed tar, truncated, or a corrupt header
  | 'PACK_ENTRY_TYPE' // a symlink, hard link, device or other non-regular tar entry
  | 'PACK_TOO_LARGE'; // the archive, one entry or the total exceeds its limit

export class PackError extends BaseError<PackErrorCode> {
  constructor(code: PackErrorCode, message: string, options: ErrorOptions = {}) {
    super(code, message, options, 'verification');
  }
}

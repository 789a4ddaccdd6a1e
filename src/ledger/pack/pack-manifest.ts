import { createHash } from 'node:crypto';
import { canonicalJsonBytes, parseCanonicalJson } from '../canonical-json.js';
import type { NoteSigner, NoteVerifier } from '../note-key.js';
import { openNote, signNote } from '../signed-note.js';
import { PackError } from './pack-error.js';

/**
 * Evidence-pack manifest: canonical JSON listing every file with its sha256 and size, and a
 * C2SP signed note over the manifest's digest (manifest.sig). Pure: the pack is a Map of
 * path → bytes; tar.gz I/O lives at the edge.
 */
export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_SIG_PATH = 'manifest.sig';
const NOTE_HEADER = 'mc evidence pack manifest v1';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}
export interface PackManifest {
  version: 1;
  files: ManifestFile[];
}

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Relative POSIX paths only; packs are attacker-controlled archives (zip-slip). */
export function checkPackPath(path: string): void {
  if (
    typeof path !== 'string' ||
    path.length === 0 ||
    path.length > 512 ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..') ||
    /[\u0000-\u001f]/.test(path)
  ) {
    throw new PackError('PACK_PATH_INVALID', `invalid pack path ${JSON.stringify(String(path).slice(0, 100))}`, {
      path: String(path).slice(0, 512),
    });
  }
}

export function buildManifest(files: ReadonlyMap<string, Uint8Array>): PackManifest {
  const list = [...files.entries()]
    .filter(([p]) => p !== MANIFEST_PATH && p !== MANIFEST_SIG_PATH)
    .map(([path, bytes]) => {
      checkPackPath(path);
      return { path, sha256: sha256Hex(bytes), size: bytes.length };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { version: 1, files: list };
}

/**
 * How many files a pack holds, said the same way by `mc evidence pack` and `verify-offline`:
 * `files` counts every file in the archive, manifest.json and manifest.sig included; `listed`
 * those the manifest lists (all but those two).
 */
export function packFileCounts(files: ReadonlyMap<string, Uint8Array>): { files: number; listed: number } {
  let listed = 0;
  for (const p of files.keys()) if (p !== MANIFEST_PATH && p !== MANIFEST_SIG_PATH) listed++;
  return { files: files.size, listed };
}

/** "18 files (16 listed in manifest.json, plus manifest.json and manifest.sig)". */
export function describePackFiles(counts: { files: number; listed: number }): string {
  return `${counts.files} files (${counts.listed} listed in ${MANIFEST_PATH}, plus ${MANIFEST_PATH} and ${MANIFEST_SIG_PATH})`;
}

/** Adds manifest.json and manifest.sig to the files (returns a new Map). */
export function sealPack(files: ReadonlyMap<string, Uint8Array>, signer: NoteSigner): Map<string, Uint8Array> {
  const manifest = canonicalJsonBytes(buildManifest(files));
  const sig = signNote(`${NOTE_HEADER}\n${MANIFEST_PATH} sha256:${sha256Hex(manifest)}\n`, [signer]);
  return new Map([...files, [MANIFEST_PATH, manifest], [MANIFEST_SIG_PATH, new Uint8Array(Buffer.from(sig, 'utf8'))]]);
}

function parseManifest(bytes: Uint8Array): PackManifest {
  let value: unknown;
  try {
    value = parseCanonicalJson(bytes, MANIFEST_PATH);
  } catch (cause) {
    throw new PackError('PACK_MANIFEST_INVALID', 'manifest.json is not canonical JSON', { path: MANIFEST_PATH, cause });
  }
  const m = value as Partial<PackManifest> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    m.version === 1 &&
    Array.isArray(m.files) &&
    Object.keys(m).length === 2 &&
    m.files.every(
      (f) =>
        f !== null &&
        typeof f === 'object' &&
        Object.keys(f).length === 3 &&
        typeof f.path === 'string' &&
        typeof f.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(f.sha256) &&
        Number.isSafeInteger(f.size) &&
        f.size >= 0,
    );
  if (!ok)
    throw new PackError('PACK_MANIFEST_INVALID', 'manifest.json does not have the manifest shape', {
      path: MANIFEST_PATH,
    });
  return m as PackManifest;
}

/** Checks manifest.sig, manifest.json and every file's digest; returns the manifest. */
export function verifyManifest(
  files: ReadonlyMap<string, Uint8Array>,
  verifiers: readonly NoteVerifier[],
): PackManifest {
  const manifestBytes = files.get(MANIFEST_PATH);
  const sigBytes = files.get(MANIFEST_SIG_PATH);
  if (manifestBytes === undefined)
    throw new PackError('PACK_FILE_MISSING', 'pack has no manifest.json', { path: MANIFEST_PATH });
  if (sigBytes === undefined)
    throw new PackError('PACK_FILE_MISSING', 'pack has no manifest.sig', { path: MANIFEST_SIG_PATH });
  let text: string;
  try {
    text = openNote(sigBytes, verifiers).text;
  } catch (cause) {
    throw new PackError(
      'PACK_MANIFEST_SIGNATURE',
      `manifest.sig does not verify with the given key: ${(cause as Error).message}`,
      { path: MANIFEST_SIG_PATH, cause },
    );
  }
  if (text !== `${NOTE_HEADER}\n${MANIFEST_PATH} sha256:${sha256Hex(manifestBytes)}\n`) {
    throw new PackError('PACK_FILE_DIGEST', 'manifest.json does not match the digest signed in manifest.sig', {
      path: MANIFEST_PATH,
    });
  }
  const manifest = parseManifest(manifestBytes);
  const listed = new Set<string>();
  for (const f of manifest.files) {
    checkPackPath(f.path);
    if (listed.has(f.path))
      throw new PackError('PACK_PATH_INVALID', `manifest lists ${f.path} twice`, { path: f.path });
    listed.add(f.path);
    const bytes = files.get(f.path);
    if (bytes === undefined)
      throw new PackError('PACK_FILE_MISSING', `${f.path} is listed in the manifest but missing`, { path: f.path });
    if (bytes.length !== f.size || sha256Hex(bytes) !== f.sha256) {
      throw new PackError('PACK_FILE_DIGEST', `${f.path} does not match its sha256 in the manifest`, { path: f.path });
    }
  }
  for (const p of files.keys()) {
    if (p !== MANIFEST_PATH && p !== MANIFEST_SIG_PATH && !listed.has(p))
      throw new PackError('PACK_FILE_UNLISTED', `${p} is not in the manifest`, { path: p });
  }
  return manifest;
}

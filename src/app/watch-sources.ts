import { stat } from 'node:fs/promises';
import { addEntries } from '../vuln/advisory-set.js';
import type { AdvisoryRepository } from '../vuln/advisory-repository.js';
import type { SourceValidatorsRepository } from '../vuln/advisory-source-state.js';
import { addZip } from '../vuln/advisory-zip.js';
import {
  AdvisorySourceError,
  fetchHttpSource,
  type HttpSourceOptions,
  type HttpSourceResult,
  isHttpSource,
  redact,
} from './advisory-http-source.js';
import { type LoadLimits, loadAdvisories } from './advisory-source.js';
import { type SyncResult, syncAdvisorySet } from './advisory-sync.js';

export interface WatchSourcesDeps {
  advisories: AdvisoryRepository;
  validators: SourceValidatorsRepository;
  http?: HttpSourceOptions;
  limits?: LoadLimits;
}

export interface WatchSync extends SyncResult {
  /** HTTP(S) sources that answered 304 Not Modified (nothing read from them). */
  notModified: string[];
}

/**
 * One sync of the watch's sources: directories, all.zip files and HTTP(S) mirrors (conditional
 * requests), through the same incremental sync as `mc advisories sync`. All or nothing: a source
 * that is missing, vanishes while read, or does not answer fails the whole sync before anything is
 * written (AdvisorySourceError); the HTTP validators are saved only after the records are committed.
 */
export async function syncWatchSources(
  deps: WatchSourcesDeps,
  sources: readonly string[],
  now: Date,
): Promise<WatchSync> {
  const paths = sources.filter((s) => !isHttpSource(s));
  const urls = sources.filter(isHttpSource);
  for (const p of paths) await mustExist(p);
  const fetched: HttpSourceResult[] = [];
  for (const url of urls) fetched.push(await fetchHttpSource(url, await deps.validators.get(url), deps.http));
  let set: Awaited<ReturnType<typeof loadAdvisories>>;
  try {
    set = await loadAdvisories(paths, deps.limits);
  } catch (e) {
    throw new AdvisorySourceError(`an advisory source could not be read: ${describe(e)}`, { cause: e });
  }
  for (const f of fetched) {
    if (!f.changed) continue;
    if (isZip(f.bytes)) addZip(set, redact(f.url), f.bytes, deps.limits);
    else addEntries(set, [{ path: redact(f.url), text: new TextDecoder().decode(f.bytes) }]);
  }
  const named = [...paths, ...urls.map(redact)];
  const result = await syncAdvisorySet(deps.advisories, set, named, {
    now,
    ...(deps.limits ? { limits: deps.limits } : {}),
  });
  for (const f of fetched) if (f.changed) await deps.validators.save(f.url, f.validators, now);
  return { ...result, notModified: fetched.filter((f) => !f.changed).map((f) => redact(f.url)) };
}

async function mustExist(p: string): Promise<void> {
  try {
    await stat(p);
  } catch (e) {
    throw new AdvisorySourceError(`advisory source ${p}: ${describe(e)}`, { cause: e });
  }
}

/** Local file header or end-of-central-directory (an empty archive) signature (APPNOTE.TXT §4.3). */
function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return (err.code === 'ENOENT' ? 'no such file or directory (it vanished?)' : (err.message ?? String(e))).slice(
    0,
    200,
  );
}

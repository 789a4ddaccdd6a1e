/**
 * The peer: @renovatebot/osv-offline 3.x over NeDB files built from the same records (one
 * record per line with `_id` = id, one file per ecosystem, `<ecosystem lowercased>.nedb`). It
 * keeps only records whose `affected[].package.purl` equals its own `packageToPurl(ecosystem,
 * name)`, so Go records (which carry no purl) get the purl computed the way it computes it
 * (osv-offline-db purl-helper.ts: `pkg:golang/` + each path segment URI-encoded). Its download is
 * disabled through its environment (OSV_OFFLINE_DISABLE_DOWNLOAD, OSV_OFFLINE_ROOT_DIR), which it
 * reads at import time, so it is imported only after they are set.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OsvRecord } from '../src/vuln/osv-record.js';

export interface Peer {
  getVulnerabilities(ecosystem: string, packageName: string): Promise<OsvRecord[]>;
  [Symbol.dispose](): void;
}

function peerPurl(ecosystem: string, name: string): string | undefined {
  if (ecosystem === 'Go') return `pkg:golang/${name.split('/').map(encodeURIComponent).join('/')}`;
  return undefined;
}

/** Writes `pypi.nedb` and `go.nedb` into a fresh temp dir; returns the dir. */
export function buildNedb(records: readonly OsvRecord[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-osv-offline-'));
  const lines: Record<string, string[]> = {};
  for (const r of records) {
    const eco = r.affected?.[0]?.package?.ecosystem;
    if (eco === undefined) continue;
    const affected = (r.affected ?? []).map((a) => {
      const purl =
        a.package && a.package.purl === undefined ? peerPurl(a.package.ecosystem, a.package.name) : undefined;
      return purl === undefined ? a : { ...a, package: { ...a.package!, purl } };
    });
    (lines[eco.toLowerCase()] ??= []).push(JSON.stringify({ ...r, affected, _id: r.id }));
  }
  for (const [eco, l] of Object.entries(lines)) writeFileSync(join(dir, `${eco}.nedb`), l.join('\n') + '\n');
  return dir;
}

export async function openPeer(dir: string): Promise<Peer> {
  process.env.OSV_OFFLINE_ROOT_DIR = dir;
  process.env.OSV_OFFLINE_DISABLE_DOWNLOAD = 'true';
  // bench/package.json installs the peer (npm run bench does, into bench/node_modules); a variable
  // specifier keeps the root typecheck from looking for a package the root install leaves out.
  const peer: string = '@renovatebot/osv-offline';
  const { OsvOffline } = (await import(peer)) as { OsvOffline: { create(): Promise<Peer> } };
  return OsvOffline.create();
}

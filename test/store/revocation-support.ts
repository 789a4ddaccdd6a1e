import type { Digest } from '../../src/domain/digest.js';
import type { ReleaseStore } from '../../src/store/release-store.js';

export const d = (c: string) => `sha256:${c.repeat(64)}` as Digest;

/** Ingests one small scan document for `artifact`, linked to `parents` (what `mc ingest --parent` does). */
export async function link(store: ReleaseStore, artifact: Digest, parents: Digest[] = [], name?: string) {
  return store.addEvidence({
    artifact,
    ...(name ? { name } : {}),
    parents,
    kind: 'scan',
    bytes: new TextEncoder().encode(`{"for":"${artifact}"}`),
    mediaType: 'application/json',
    format: 'osv-scanner',
    normalized: { format: 'osv-scanner', scanner: 'osv-scanner', findings: [] },
  });
}

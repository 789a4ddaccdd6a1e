import { PackageURL } from 'packageurl-js';

/**
 * The one answer to "does this purl selector cover that package?", shared by waivers
 * (policy/waivers.ts) and VEX product matching (vex.ts). Both sides are parsed, so the purl
 * spec's per-type normalization applies (`pkg:npm/@babel/core` and `pkg:npm/%40babel/core@7.0.0`
 * name one package; PyPI names are lower-cased with `_` → `-`). A selector without a version
 * covers every version (OpenVEX §Product matching; our waivers document the same); qualifiers and
 * subpath are ignored. Purls come from SBOMs, VEX documents and waiver requests: attacker-
 * influenced. One that does not parse covers only its exact string, never a prefix.
 */
export interface PurlKey {
  readonly raw: string;
  /** Set when `raw` parses as a purl. */
  readonly purl?: {
    readonly type: string;
    readonly namespace: string;
    readonly name: string;
    readonly version?: string;
  };
}

/** Parsed keys are remembered (waivers are checked against every finding); bounded, cleared when full. */
const CACHE_SIZE = 10_000;
const cache = new Map<string, PurlKey>();

export function purlKey(id: string): PurlKey {
  let key = cache.get(id);
  if (key === undefined) {
    key = parse(id);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(id, key);
  }
  return key;
}

/** Why `text` is not a package URL, or undefined when it is one (for schema checks of selectors). */
export function purlProblem(text: string): string | undefined {
  try {
    PackageURL.fromString(text);
    return undefined;
  } catch (e) {
    return (e as Error).message.slice(0, 100);
  }
}

/** Whether `selector` covers `have`: same type, namespace and name, and version unless the selector has none. */
export function purlCovers(selector: PurlKey, have: PurlKey): boolean {
  if (selector.raw === have.raw) return true;
  const a = selector.purl;
  const b = have.purl;
  if (a === undefined || b === undefined) return false;
  return (
    a.type === b.type &&
    a.namespace === b.namespace &&
    a.name === b.name &&
    (a.version === undefined || a.version === b.version)
  );
}

function parse(raw: string): PurlKey {
  if (!raw.startsWith('pkg:')) return { raw };
  try {
    const p = PackageURL.fromString(raw);
    return {
      raw,
      purl: { type: p.type, namespace: p.namespace ?? '', name: p.name, ...(p.version ? { version: p.version } : {}) },
    };
  } catch {
    return { raw };
  }
}

import type { Component } from '../domain/evidence.js';
import type { MatchAnswer } from './matcher.js';

/**
 * The matcher's answers, remembered per component. An index is immutable, so a component with
 * the same purl, name, version and ecosystem (every field a finding copies) always gets the same
 * answer, and SBOMs repeat packages. Bounded: when full, everything is forgotten at once —
 * cheaper than LRU bookkeeping and bounded either way.
 *
 * A plain purl (`pkg:type/namespace/name@version`: no qualifiers, no subpath, one `@` after the
 * last `/`) is found through its package — the purl without its version, the part purl-spec
 * parsing splits off first — then its version: small tables instead of one keyed by every purl
 * ever seen, and a package no advisory names is answered from the package alone, without
 * remembering each of its versions (SBOMs are mostly such packages, at every version there is).
 * Other purls are remembered whole.
 */
interface Remembered extends MatchAnswer {
  readonly name: string;
  readonly version: string | undefined;
  readonly ecosystem: string | undefined;
}

interface PackageSlot {
  /** No advisory names this package and its purl parses: every clean version is answered `EMPTY`. */
  readonly unadvised: boolean;
  readonly versions: Map<string, Remembered>;
}

/** Distinct packages remembered; a matcher run sees far fewer. */
const MAX_PACKAGES = 50_000;

export const EMPTY: MatchAnswer = Object.freeze({ findings: Object.freeze([]), notEvaluable: Object.freeze([]) });

export class ComponentMemo {
  private readonly packages = new Map<string, PackageSlot>();
  private readonly others = new Map<string, Remembered>();
  private size = 0;

  /**
   * @param capacity answers remembered (0: none; `unadvised` packages are still answered from the package)
   * @param unadvised whether a version-less purl names a package no advisory names, and parses
   * @param compute the answer for a component, computed afresh
   */
  constructor(
    private readonly capacity: number,
    private readonly unadvised: (base: string) => boolean,
    private readonly compute: (c: Component) => MatchAnswer,
  ) {}

  /** The answer for `c`, whose purl is `purl` (non-empty). */
  answer(c: Component, purl: string): MatchAnswer {
    const at = plainVersionAt(purl);
    let table = this.others;
    let key = purl;
    if (at > 0) {
      const slot = this.slot(purl.slice(0, at));
      key = purl.slice(at + 1);
      // Identity problems other than the package's own come from the version (empty, bad
      // percent-encoding); a version without '%' can have none, so the package decides alone.
      if (slot.unadvised && key !== '' && !key.includes('%')) return EMPTY;
      table = slot.versions;
    }
    const hit = table.get(key);
    if (hit !== undefined && hit.name === c.name && hit.version === c.version && hit.ecosystem === c.ecosystem)
      return hit;
    const answer = this.compute(c);
    if (this.capacity > 0) {
      if (this.size >= this.capacity) this.forget();
      else {
        if (hit === undefined) this.size++;
        table.set(key, { ...answer, name: c.name, version: c.version, ecosystem: c.ecosystem });
      }
    }
    return answer;
  }

  private slot(base: string): PackageSlot {
    let slot = this.packages.get(base);
    if (slot === undefined) {
      if (this.packages.size >= MAX_PACKAGES) this.forget();
      slot = { unadvised: this.unadvised(base), versions: new Map() };
      this.packages.set(base, slot);
    }
    return slot;
  }

  private forget(): void {
    this.packages.clear();
    this.others.clear();
    this.size = 0;
  }
}

/**
 * Where a plain purl's version starts (the index of its `@`), or -1: purl-spec splits the version
 * off from the right on `@` after removing qualifiers (`?`) and subpath (`#`); an `@` before the
 * last `/` belongs to the namespace (npm scopes). Purls with qualifiers, a subpath or a second `@`
 * in the name are not plain.
 */
export function plainVersionAt(purl: string): number {
  if (purl.includes('?') || purl.includes('#')) return -1;
  const at = purl.lastIndexOf('@');
  const slash = purl.lastIndexOf('/');
  if (at <= slash || at <= 0) return -1;
  return purl.lastIndexOf('@', at - 1) > slash ? -1 : at;
}

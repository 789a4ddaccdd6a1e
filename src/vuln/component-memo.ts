import type { Component, Finding } from '../domain/evidence.js';
import type { NotEvaluable } from './not-evaluable.js';

/** One component's answer; remembered and shared between calls, so frozen. */
export interface MatchAnswer {
  readonly findings: readonly Finding[];
  readonly notEvaluable: readonly NotEvaluable[];
}

/**
 * The matcher's answers, remembered per component. An index is immutable, so a component with
 * the same purl, name, version and ecosystem (every field a finding copies) always gets the same
 * answer, and SBOMs repeat packages. Bounded: when full, everything is forgotten at once —
 * cheaper than LRU bookkeeping and bounded either way.
 *
 * Most SBOM components name packages no advisory names, at every version there is. Remembering
 * each of those purls filled the memo with answers that are all `EMPTY` and forced it to clear:
 * instead, a plain purl (`pkg:type/namespace/name@version`: no qualifiers, no subpath, one `@`
 * after the last `/`) the memo does not know is looked up by its package — the purl without its
 * version, the part purl-spec parsing splits off first — and answered `EMPTY` from the package
 * alone when no advisory names it; only other answers are remembered.
 */
interface Remembered extends MatchAnswer {
  readonly purl: string;
  readonly ecosystem: string | undefined;
}

/** Distinct names and packages remembered; a matcher run sees far fewer. */
const MAX_PACKAGES = 50_000;

export const EMPTY: MatchAnswer = Object.freeze({ findings: Object.freeze([]), notEvaluable: Object.freeze([]) });

export class ComponentMemo {
  /**
   * name → version → the answer last computed for a component with them, checked against purl
   * and ecosystem: short names and versions parsed from JSON are internalized strings whose hash
   * is already known, a purl's is not. Names of advised packages only, so the table stays small.
   */
  private readonly answers = new Map<string, Map<string | undefined, Remembered>>();
  private size = 0;
  /** name → the version-less purl of an unadvised package last seen under that name. */
  private readonly unadvisedByName = new Map<string, string>();
  /** Version-less purl → whether it parses and no advisory names its package. */
  private readonly packages = new Map<string, boolean>();

  /**
   * @param capacity answers remembered (0: none; unadvised packages are still answered from the package)
   * @param unadvised whether a version-less purl parses and names a package no advisory names
   * @param compute the answer for a component, computed afresh
   */
  constructor(
    private readonly capacity: number,
    private readonly unadvised: (base: string) => boolean,
    private readonly compute: (c: Component) => MatchAnswer,
  ) {}

  /** The answer for `c`, whose purl is `purl` (non-empty). */
  answer(c: Component, purl: string): MatchAnswer {
    let versions = this.answers.get(c.name);
    const hit = versions?.get(c.version);
    if (hit !== undefined && hit.purl === purl && hit.ecosystem === c.ecosystem) return hit;
    const known = this.unadvisedByName.get(c.name);
    if (known !== undefined && isCleanVersionOf(purl, known)) return EMPTY;
    const base = this.unadvisedBaseOf(purl);
    if (base !== undefined) {
      if (this.unadvisedByName.size >= MAX_PACKAGES) this.unadvisedByName.clear();
      this.unadvisedByName.set(c.name, base);
      return EMPTY;
    }
    const answer = this.compute(c);
    if (this.capacity > 0) {
      if (this.size >= this.capacity) {
        this.answers.clear();
        this.size = 0;
        versions = undefined;
      }
      if (versions === undefined) this.answers.set(c.name, (versions = new Map()));
      if (!versions.has(c.version)) this.size++;
      // One object shape for every remembered answer (a spread would copy each source's shape), so reads stay monomorphic.
      versions.set(c.version, {
        findings: answer.findings,
        notEvaluable: answer.notEvaluable,
        purl,
        ecosystem: c.ecosystem,
      });
    }
    return answer;
  }

  /**
   * The version-less purl of a plain purl whose package no advisory names — its answer is `EMPTY`
   * whatever its version, unless the version itself is an identity problem (empty, or bad
   * percent-encoding: only a version with '%' can be) — else undefined.
   */
  private unadvisedBaseOf(purl: string): string | undefined {
    const at = plainVersionAt(purl);
    if (at < 0 || at === purl.length - 1 || purl.includes('%', at)) return undefined;
    const base = purl.slice(0, at);
    let unadvised = this.packages.get(base);
    if (unadvised === undefined) {
      if (this.packages.size >= MAX_PACKAGES) this.packages.clear();
      unadvised = this.unadvised(base);
      this.packages.set(base, unadvised);
    }
    return unadvised ? base : undefined;
  }
}

/**
 * Whether `purl` is `base@version` with a version that keeps it plain and clean (non-empty; no
 * `@`, `/`, `?`, `#` or `%`), `base` being the version-less part of a plain purl: then
 * plainVersionAt(purl) is base.length and the purl is as unadvised as `base`.
 */
function isCleanVersionOf(purl: string, base: string): boolean {
  const n = base.length;
  if (purl.length <= n + 1 || purl.charCodeAt(n) !== 64 || !purl.startsWith(base)) return false;
  for (let i = n + 1; i < purl.length; i++) {
    const ch = purl.charCodeAt(i);
    if (ch === 64 || ch === 47 || ch === 63 || ch === 35 || ch === 37) return false;
  }
  return true;
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

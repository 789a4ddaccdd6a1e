import type { VersionScheme } from './versioning/version-scheme.js';
import { eventKind, eventValue, type OsvAffected, type OsvRange } from './osv-record.js';
import { semverRangeScheme } from './semver-scheme.js';

/**
 * Range evaluation per the OSV schema (§affected[].ranges, "Evaluation"): events are sorted by
 * the ecosystem's ordering (`introduced: "0"` first), then walked: `introduced` ≤ v turns
 * affected on, `fixed` ≤ v or `last_affected` < v turns it off; `limit` events cap the range
 * (v must be below some limit). A version is affected if any range or the `versions` list says so.
 * GIT ranges need a commit graph; they are reported, never silently dropped.
 */
export type NotEvaluableReason =
  | 'VERSION_UNPARSABLE' // the component's version does not parse in the ecosystem
  | 'EVENT_UNPARSABLE' // the advisory's own event does not parse
  | 'GIT_RANGE' // only GIT ranges describe the affected versions
  | 'NO_VERSION_SCHEME' // no ordering for this ecosystem
  | 'NO_RANGES' // neither ranges nor versions
  | 'NO_VERSION'; // the component has no version

export type RangeVerdict =
  | { status: 'affected'; via: 'versions' | 'range' }
  | { status: 'not-affected' }
  | { status: 'not-evaluable'; reason: NotEvaluableReason; detail: string };

interface SortedEvent {
  kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  value: string;
  zero: boolean; // introduced "0": before every version
}

interface CompiledRange {
  scheme: VersionScheme;
  events: SortedEvent[];
  limits: string[];
}

const NOT_AFFECTED: RangeVerdict = { status: 'not-affected' };
const VIA_RANGE: RangeVerdict = { status: 'affected', via: 'range' };
const VIA_VERSIONS: RangeVerdict = { status: 'affected', via: 'versions' };

/** One `affected[]` entry, compiled once: events sorted, `versions` sorted for binary search. */
export class CompiledAffected {
  readonly gitRanges: number;
  private readonly ranges: CompiledRange[] = [];
  private readonly problems: RangeVerdict[] = [];
  private readonly exact: Set<string>;
  private sortedVersions: string[] | undefined;
  private readonly listed: readonly string[];

  constructor(
    affected: OsvAffected,
    private readonly scheme: VersionScheme | undefined,
  ) {
    this.listed = affected.versions ?? [];
    this.exact = new Set(this.listed);
    let git = 0;
    for (const range of affected.ranges ?? []) {
      if (range.type === 'GIT') {
        git++;
        continue;
      }
      const s = range.type === 'SEMVER' ? semverRangeScheme : scheme;
      if (s === undefined) {
        this.problems.push(notEvaluable('NO_VERSION_SCHEME', 'no version ordering for this ecosystem'));
        continue;
      }
      const compiled = compileRange(range, s);
      if ('status' in compiled) this.problems.push(compiled);
      else this.ranges.push(compiled);
    }
    this.gitRanges = git;
  }

  /** `version` is attacker-influenced (it comes from an SBOM); a version that does not parse is reported. */
  evaluate(version: string): RangeVerdict {
    if (this.exact.has(version)) return VIA_VERSIONS;
    let evaluated = false;
    for (const r of this.ranges) {
      if (!r.scheme.isValid(version))
        return notEvaluable('VERSION_UNPARSABLE', `version ${JSON.stringify(version.slice(0, 80))} does not parse`);
      evaluated = true;
      if (inRange(r, version)) return VIA_RANGE;
    }
    if (this.listed.length > 0 && this.scheme !== undefined) {
      if (!this.scheme.isValid(version))
        return notEvaluable('VERSION_UNPARSABLE', `version ${JSON.stringify(version.slice(0, 80))} does not parse`);
      if (this.inVersions(version, this.scheme)) return VIA_VERSIONS;
      evaluated = true;
    }
    if (this.problems.length > 0) return this.problems[0]!;
    if (evaluated) return NOT_AFFECTED;
    if (this.gitRanges > 0)
      return notEvaluable(
        'GIT_RANGE',
        `only GIT ranges (${this.gitRanges}); commit ranges cannot be evaluated against a package version`,
      );
    if (this.listed.length > 0) return notEvaluable('NO_VERSION_SCHEME', 'no version ordering for this ecosystem');
    return notEvaluable('NO_RANGES', 'the advisory gives neither ranges nor versions');
  }

  /** Equality in the ecosystem's ordering (PEP 440 `1.0` == `1.0.0`), by binary search. */
  private inVersions(version: string, scheme: VersionScheme): boolean {
    const sorted = (this.sortedVersions ??= this.listed
      .filter((v) => scheme.isValid(v))
      .sort((a, b) => scheme.compare(a, b)));
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = scheme.compare(sorted[mid]!, version);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** One-shot evaluation (compiles the entry each time; the matcher keeps compiled entries). */
export function evaluateAffected(
  affected: OsvAffected,
  version: string,
  scheme: VersionScheme | undefined,
): RangeVerdict {
  return new CompiledAffected(affected, scheme).evaluate(version);
}

function compileRange(range: OsvRange, scheme: VersionScheme): CompiledRange | RangeVerdict {
  const events: SortedEvent[] = [];
  const limits: string[] = [];
  for (const e of range.events) {
    const kind = eventKind(e);
    const value = eventValue(e);
    const zero = kind === 'introduced' && value === '0';
    // limit "*" means no limit (OSV schema §limit).
    if (kind === 'limit') {
      if (value === '*') continue;
      limits.push(value);
    }
    if (!zero && !scheme.isValid(value))
      return notEvaluable('EVENT_UNPARSABLE', `${kind} ${JSON.stringify(value.slice(0, 80))} does not parse`);
    if (kind !== 'limit') events.push({ kind, value, zero });
  }
  events.sort((a, b) => (a.zero ? (b.zero ? 0 : -1) : b.zero ? 1 : scheme.compare(a.value, b.value)));
  return { scheme, events, limits };
}

function inRange(r: CompiledRange, version: string): boolean {
  if (r.limits.length > 0 && !r.limits.some((l) => r.scheme.compare(version, l) < 0)) return false;
  let affected = false;
  // Events are sorted, so once the version is below an event, no later event applies.
  for (const e of r.events) {
    if (e.zero) {
      affected = true;
      continue;
    }
    const c = r.scheme.compare(version, e.value);
    if (c < 0) break;
    if (e.kind === 'introduced') affected = true;
    else if (e.kind === 'fixed') affected = false;
    else if (c > 0) affected = false; // last_affected is inclusive
  }
  return affected;
}

function notEvaluable(reason: NotEvaluableReason, detail: string): RangeVerdict {
  return { status: 'not-evaluable', reason, detail };
}

import type { VersionOrder, VersionScheme } from './versioning/version-scheme.js';
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
  /** The event's version parsed in the range's ordering (unused when `zero`). */
  key: unknown;
  zero: boolean; // introduced "0": before every version
}

interface CompiledRange {
  order: VersionOrder;
  events: SortedEvent[];
  limits: unknown[];
}

const NOT_AFFECTED: RangeVerdict = { status: 'not-affected' };
const VIA_RANGE: RangeVerdict = { status: 'affected', via: 'range' };
const VIA_VERSIONS: RangeVerdict = { status: 'affected', via: 'versions' };

/**
 * A component's version, parsed at most once per ordering however many advisories of its package
 * it is checked against (a package's entries use its ecosystem's ordering and, for SEMVER ranges,
 * the SemVer one: two slots). Undefined keys are versions that do not parse.
 */
export class VersionProbe {
  private order1: VersionOrder | undefined;
  private key1: unknown;
  private order2: VersionOrder | undefined;
  private key2: unknown;

  constructor(readonly version: string) {}

  keyIn(order: VersionOrder): unknown {
    if (order === this.order1) return this.key1;
    if (order === this.order2) return this.key2;
    const key = order.key(this.version);
    if (this.order1 === undefined) {
      this.order1 = order;
      this.key1 = key;
    } else {
      this.order2 = order;
      this.key2 = key;
    }
    return key;
  }
}

/** One `affected[]` entry, compiled once: events parsed and sorted, `versions` parsed and sorted for binary search. */
export class CompiledAffected {
  readonly gitRanges: number;
  private readonly ranges: CompiledRange[] = [];
  private readonly problems: RangeVerdict[] = [];
  private readonly exact: Set<string>;
  private sortedVersions: unknown[] | undefined;
  private readonly listed: readonly string[];
  private readonly order: VersionOrder | undefined;

  constructor(affected: OsvAffected, scheme: VersionScheme | undefined) {
    this.listed = affected.versions ?? [];
    this.exact = new Set(this.listed);
    this.order = scheme === undefined ? undefined : orderOf(scheme);
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
      const compiled = compileRange(range, orderOf(s));
      if ('status' in compiled) this.problems.push(compiled);
      else this.ranges.push(compiled);
    }
    this.gitRanges = git;
  }

  /** `version` is attacker-influenced (it comes from an SBOM); a version that does not parse is reported. */
  evaluate(version: string): RangeVerdict {
    return this.evaluateProbe(new VersionProbe(version));
  }

  /** As `evaluate(probe.version)`, parsing the version only where the probe has not yet. */
  evaluateProbe(probe: VersionProbe): RangeVerdict {
    const version = probe.version;
    if (this.exact.has(version)) return VIA_VERSIONS;
    let evaluated = false;
    for (const r of this.ranges) {
      const key = probe.keyIn(r.order);
      if (key === undefined) return unparsable(version);
      evaluated = true;
      if (inRange(r, key)) return VIA_RANGE;
    }
    if (this.listed.length > 0 && this.order !== undefined) {
      const key = probe.keyIn(this.order);
      if (key === undefined) return unparsable(version);
      if (this.inVersions(key, this.order)) return VIA_VERSIONS;
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

  /** The `versions` strings, matched verbatim before any ordering. */
  get listedVersions(): readonly string[] {
    return this.listed;
  }

  /**
   * Every ordering a version is parsed in here (whether it parses decides verdicts too), each
   * with every key the version is compared with in it (see VersionCells).
   */
  bounds(): Array<[VersionOrder, unknown[]]> {
    const out: Array<[VersionOrder, unknown[]]> = [];
    for (const r of this.ranges)
      out.push([r.order, [...r.events.filter((e) => !e.zero).map((e) => e.key), ...r.limits]]);
    if (this.listed.length > 0 && this.order !== undefined) out.push([this.order, this.sortedListed(this.order)]);
    return out;
  }

  /** Equality in the ecosystem's ordering (PEP 440 `1.0` == `1.0.0`), by binary search. */
  private inVersions(key: unknown, order: VersionOrder): boolean {
    const sorted = this.sortedListed(order);
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = order.compare(sorted[mid]!, key);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private sortedListed(order: VersionOrder): unknown[] {
    return (this.sortedVersions ??= this.listed
      .map((v) => order.key(v))
      .filter((k) => k !== undefined)
      .sort((a, b) => order.compare(a, b)));
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

/** Schemes without an `order` of their own compare strings through the scheme, one order per scheme. */
const fallbackOrders = new WeakMap<VersionScheme, VersionOrder>();

function orderOf(scheme: VersionScheme): VersionOrder {
  if (scheme.order !== undefined) return scheme.order;
  let order = fallbackOrders.get(scheme);
  if (order === undefined) {
    order = {
      key: (v: string) => (scheme.isValid(v) ? v : undefined),
      compare: (a, b) => scheme.compare(a as string, b as string),
    };
    fallbackOrders.set(scheme, order);
  }
  return order;
}

function compileRange(range: OsvRange, order: VersionOrder): CompiledRange | RangeVerdict {
  const events: SortedEvent[] = [];
  const limits: unknown[] = [];
  for (const e of range.events) {
    const kind = eventKind(e);
    const value = eventValue(e);
    const zero = kind === 'introduced' && value === '0';
    // limit "*" means no limit (OSV schema §limit).
    if (kind === 'limit' && value === '*') continue;
    const key = zero ? undefined : order.key(value);
    if (!zero && key === undefined)
      return notEvaluable('EVENT_UNPARSABLE', `${kind} ${JSON.stringify(value.slice(0, 80))} does not parse`);
    if (kind === 'limit') limits.push(key);
    else events.push({ kind, key, zero });
  }
  events.sort((a, b) => (a.zero ? (b.zero ? 0 : -1) : b.zero ? 1 : order.compare(a.key, b.key)));
  return { order, events, limits };
}

function inRange(r: CompiledRange, key: unknown): boolean {
  if (r.limits.length > 0 && !r.limits.some((l) => r.order.compare(key, l) < 0)) return false;
  let affected = false;
  // Events are sorted, so once the version is below an event, no later event applies.
  for (const e of r.events) {
    if (e.zero) {
      affected = true;
      continue;
    }
    const c = r.order.compare(key, e.key);
    if (c < 0) break;
    if (e.kind === 'introduced') affected = true;
    else if (e.kind === 'fixed') affected = false;
    else if (c > 0) affected = false; // last_affected is inclusive
  }
  return affected;
}

function unparsable(version: string): RangeVerdict {
  return notEvaluable('VERSION_UNPARSABLE', `version ${JSON.stringify(version.slice(0, 80))} does not parse`);
}

function notEvaluable(reason: NotEvaluableReason, detail: string): RangeVerdict {
  return { status: 'not-evaluable', reason, detail };
}

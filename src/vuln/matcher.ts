import type { Component, Finding, Severity } from '../domain/evidence.js';
import type { VersionScheme } from './versioning/version-scheme.js';
import { versionSchemeFor } from './versioning/registry.js';
import { isWithdrawn, type OsvRecord } from './osv-record.js';
import { CompiledAffected, VersionProbe } from './range-evaluator.js';
import {
  componentIdentity,
  isIdentityProblem,
  KNOWN_ECOSYSTEMS,
  normalizeName,
  splitEcosystem,
  type IdentityProblemReason,
} from './package-identity.js';
import { rateSeverity } from './severity.js';
import type { MatchedAdvisory, MergedAdvisory } from './alias-merge.js';
import { MergeMemo } from './merge-memo.js';
import { ComponentMemo, EMPTY, type MatchAnswer } from './component-memo.js';
import { componentRef, type NotEvaluable, type NotEvaluableCode, onePerAdvisory } from './not-evaluable.js';
import { VersionCells } from './version-cells.js';

export type { MatchAnswer } from './component-memo.js';

/**
 * The advisory index: built once from OSV records, keyed by (ecosystem, normalized name), then
 * asked for many SBOMs. Pure and synchronous. Results per distinct component (purl) are memoized:
 * an index is immutable, so the same purl always gets the same answer, and SBOMs repeat packages.
 */
export type SchemeLookup = (ecosystem: string) => VersionScheme | undefined;

export interface AdvisoryIndexOptions {
  /** Ecosystem → ordering; default src/vuln/versioning/registry.ts `versionSchemeFor`. */
  schemeFor?: SchemeLookup;
  /** Records withdrawn at or before `now` do not match. */
  now: Date;
  /** Finding.source, or a function of the index's stats (e.g. how many live records); default `mc`. */
  source?: string | ((stats: IndexStats) => string);
  /** Distinct components remembered between calls (default 200,000; 0 disables). */
  memoSize?: number;
}

export type { NotEvaluable, NotEvaluableCode } from './not-evaluable.js';

export interface MatchResult {
  findings: Finding[];
  notEvaluable: NotEvaluable[];
}

export interface IndexEntry {
  record: OsvRecord;
  /** The advisory's full ecosystem, e.g. `Debian:12`. */
  ecosystem: string;
  release: string | undefined;
  affected: CompiledAffected;
  severity: Severity;
}

export interface IndexStats {
  records: number;
  withdrawn: number;
  /** Affected packages in ecosystems we do not know, by ecosystem: reported, never string-matched. */
  unknownEcosystems: Record<string, number>;
  /** Affected entries carrying GIT ranges (their package ranges or versions are used). */
  gitRanges: number;
}

export class AdvisoryIndex {
  readonly stats: IndexStats;
  /** Finding.source of every finding this index reports. */
  readonly source: string;
  private readonly byKey = new Map<string, IndexEntry[]>();
  private readonly memo: ComponentMemo;
  private readonly mergeMemo = new MergeMemo();
  /** Per package (its entries): the merged advisories of each version cell whose every verdict was decided. */
  private readonly cells = new WeakMap<readonly IndexEntry[], VersionCells<readonly MergedAdvisory[]>>();

  constructor(records: Iterable<OsvRecord>, options: AdvisoryIndexOptions) {
    this.memo = new ComponentMemo(
      options.memoSize ?? 200_000,
      (base) => this.unadvised(base),
      (c) => this.evaluate(c),
    );
    const schemeFor = options.schemeFor ?? versionSchemeFor;
    const stats: IndexStats = { records: 0, withdrawn: 0, unknownEcosystems: {}, gitRanges: 0 };
    for (const record of records) {
      if (isWithdrawn(record, options.now)) {
        stats.withdrawn++;
        continue;
      }
      stats.records++;
      for (const affected of record.affected ?? []) {
        const pkg = affected.package;
        if (pkg === undefined) continue;
        const { ecosystem, release } = splitEcosystem(pkg.ecosystem);
        if (!KNOWN_ECOSYSTEMS.has(ecosystem)) {
          stats.unknownEcosystems[pkg.ecosystem] = (stats.unknownEcosystems[pkg.ecosystem] ?? 0) + 1;
          continue;
        }
        const compiled = new CompiledAffected(affected, schemeFor(pkg.ecosystem));
        if (compiled.gitRanges > 0) stats.gitRanges++;
        const key = keyOf(ecosystem, normalizeName(ecosystem, pkg.name));
        const entry: IndexEntry = {
          record,
          ecosystem: pkg.ecosystem,
          release,
          affected: compiled,
          severity: rateSeverity(record, affected).severity,
        };
        const list = this.byKey.get(key);
        if (list === undefined) this.byKey.set(key, [entry]);
        else list.push(entry);
      }
    }
    this.stats = stats;
    this.source = typeof options.source === 'function' ? options.source(stats) : (options.source ?? 'mc');
  }

  /** Number of distinct (ecosystem, name) keys. */
  get packages(): number {
    return this.byKey.size;
  }

  /** Every index entry for a package (what a name-only lookup would return). */
  candidates(ecosystem: string, name: string): readonly IndexEntry[] {
    return this.byKey.get(keyOf(ecosystem, normalizeName(ecosystem, name))) ?? [];
  }

  match(components: readonly Component[]): MatchResult {
    const findings: Finding[] = [];
    const notEvaluable: NotEvaluable[] = [];
    for (let i = 0; i < components.length; i++) {
      const r = this.matchOne(components[i]!);
      const f = r.findings;
      for (let j = 0; j < f.length; j++) findings.push(f[j]!);
      const n = r.notEvaluable;
      for (let j = 0; j < n.length; j++) notEvaluable.push(n[j]!);
    }
    return { findings, notEvaluable };
  }

  private matchOne(c: Component): MatchAnswer {
    const purl = c.purl;
    return purl === undefined || purl === '' ? this.evaluate(c) : this.memo.answer(c, purl);
  }

  /** A version-less purl that parses and names a package no advisory names. */
  private unadvised(base: string): boolean {
    const id = componentIdentity({ name: '', purl: base, licenses: [], hashes: {} });
    return !isIdentityProblem(id) && !this.byKey.has(keyOf(id.ecosystem, id.name));
  }

  private evaluate(c: Component): MatchAnswer {
    const ref = componentRef(c);
    const id = componentIdentity(c);
    if (isIdentityProblem(id)) return this.unidentified(c, ref, id.problem, id.detail);
    const entries = this.byKey.get(keyOf(id.ecosystem, id.name));
    if (entries === undefined) return EMPTY;
    // Parsed once for every advisory of the package, not once per advisory and event.
    const probe = id.version === undefined ? undefined : new VersionProbe(id.version);
    let cells: VersionCells<readonly MergedAdvisory[]> | undefined;
    let cell: string | undefined;
    if (probe !== undefined) {
      cells = this.cellsOf(entries);
      const at = cells.cellOf(probe);
      // Which advisories apply also depends on the distro release: part of the cell's key.
      if (at !== undefined) cell = id.release === undefined ? at : `${id.release}\u0001${at}`;
      const known = cell === undefined ? undefined : cells.get(cell);
      if (known !== undefined) return this.decided(c, known);
    }
    const matched: MatchedAdvisory[] = [];
    const open: NotEvaluable[] = [];
    for (const e of entries) {
      if (e.release !== undefined && e.release !== id.release) {
        // An advisory for another release never matches; with no release on the component we cannot tell.
        if (id.release === undefined)
          open.push(
            this.undecided(
              c,
              ref,
              e,
              'RELEASE_MISSING',
              `advisory is for ${e.ecosystem}; the component's purl names no distro release`,
            ),
          );
        continue;
      }
      if (probe === undefined) {
        open.push(this.undecided(c, ref, e, 'NO_VERSION', 'component has no version'));
        continue;
      }
      const verdict = e.affected.evaluateProbe(probe);
      if (verdict.status === 'affected') matched.push({ record: e.record, severity: e.severity });
      else if (verdict.status === 'not-evaluable') open.push(this.undecided(c, ref, e, verdict.reason, verdict.detail));
    }
    const merged = this.mergeMemo.merged(matched);
    // Undecided verdicts name the version in their detail: only cells decided throughout are kept.
    if (cell !== undefined && open.length === 0) {
      cells!.set(cell, merged);
      return this.decided(c, merged);
    }
    const findings = merged.map((m) => freeze(this.finding(c, m.advisoryId, m.aliases, m.severity)));
    // An advisory already found (directly or through an alias) need not be reported again as
    // undecided, and one undecided through several affected[] entries is reported once.
    const undecided =
      open.length === 0 ? open : onePerAdvisory(open, new Set(findings.flatMap((f) => [f.advisoryId, ...f.aliases])));
    return findings.length === 0 && undecided.length === 0 ? EMPTY : { findings, notEvaluable: undecided };
  }

  /** The answer when every advisory of the package was decided: the findings of the merged matches. */
  private decided(c: Component, merged: readonly MergedAdvisory[]): MatchAnswer {
    if (merged.length === 0) return EMPTY;
    return {
      findings: merged.map((m) => freeze(this.finding(c, m.advisoryId, m.aliases, m.severity))),
      notEvaluable: [],
    };
  }

  private cellsOf(entries: readonly IndexEntry[]): VersionCells<readonly MergedAdvisory[]> {
    let cells = this.cells.get(entries);
    if (cells === undefined) this.cells.set(entries, (cells = new VersionCells(entries.map((e) => e.affected))));
    return cells;
  }

  /**
   * A component we cannot key: its purl does not parse (BAD_PURL), names no OSV ecosystem
   * (UNKNOWN_ECOSYSTEM), or it has neither purl nor ecosystem (NO_PURL). Reported, never guessed
   * at. A NO_PURL component whose bare name some ecosystem has advisories for gets each of them
   * as an undecided finding: without an ecosystem and version the match cannot be ruled out, and
   * doubt is never an allow. One whose name no advisory mentions is only reported.
   */
  private unidentified(
    c: Component,
    ref: NotEvaluable['component'],
    problem: IdentityProblemReason,
    detail: string,
  ): MatchAnswer {
    const reported = freeze({ component: ref, reason: problem, detail });
    if (problem !== 'NO_PURL') return { findings: [], notEvaluable: [reported] };
    const open: NotEvaluable[] = [];
    for (const ecosystem of KNOWN_ECOSYSTEMS) {
      for (const e of this.byKey.get(keyOf(ecosystem, normalizeName(ecosystem, c.name))) ?? []) {
        open.push(
          this.undecided(
            c,
            ref,
            e,
            'NO_PURL',
            `no purl or ecosystem; ${e.ecosystem} has this advisory for a package named ${JSON.stringify(c.name.slice(0, 80))}`,
          ),
        );
      }
    }
    return { findings: [], notEvaluable: open.length === 0 ? [reported] : onePerAdvisory(open, new Set()) };
  }

  private undecided(
    c: Component,
    ref: NotEvaluable['component'],
    e: IndexEntry,
    reason: NotEvaluableCode,
    detail: string,
  ): NotEvaluable {
    const f = this.finding(c, e.record.id, [...new Set(e.record.aliases ?? [])].sort(), e.severity);
    f.notEvaluable = `${reason}: ${detail}`;
    return freeze({ component: ref, reason, detail, finding: freeze(f) });
  }

  private finding(c: Component, advisoryId: string, aliases: string[], severity: Severity): Finding {
    const f: Finding = { advisoryId, aliases, package: { name: c.name }, severity, source: this.source };
    if (c.ecosystem !== undefined) f.package.ecosystem = c.ecosystem;
    if (c.purl !== undefined) f.package.purl = c.purl;
    if (c.version !== undefined) f.version = c.version;
    return f;
  }
}

function keyOf(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${name}`;
}

/** Memoized results are shared between calls: frozen so no caller can alter another's answer. */
function freeze<T extends object>(o: T): T {
  return Object.freeze(o);
}

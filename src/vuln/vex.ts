import type { Finding, VexDocument, VexStatement } from '../domain/evidence.js';
import { purlCovers, purlKey, type PurlKey } from './purl-selector.js';

/**
 * VEX: statements that a product is (not) affected by a vulnerability, from OpenVEX
 * (openvex/spec v0.2.0) or CycloneDX VEX (CycloneDX 1.4+ `vulnerabilities[].analysis`).
 * `not_affected` with a justification and `fixed` suppress a matching finding *visibly*: the
 * finding stays listed with `suppressedBy`. The latest statement about a finding decides
 * (OpenVEX §Statement timestamps): a newer `affected` lifts an older `not_affected`.
 */

export interface VexOutcome {
  findings: Finding[];
  suppressed: number;
  /** Statements that cannot suppress, with the reason (e.g. not_affected without a justification). */
  unusable: Array<{ statement: string; reason: string }>;
}

/** Applies VEX documents to findings; returns new finding objects, never mutating the inputs. */
export function applyVex(findings: readonly Finding[], documents: readonly VexDocument[]): VexOutcome {
  return new VexIndex(documents).apply(findings);
}

interface IndexedStatement {
  s: VexStatement;
  /** Position over all documents: of two statements made at the same instant, the later one decides. */
  order: number;
  time: number;
  wholeProduct: boolean;
  /** Parsed on first use: statements about vulnerabilities no finding has are never parsed. */
  products?: PurlKey[];
}

/**
 * Statements indexed by vulnerability id and every alias, so applying them costs a few map
 * look-ups per finding rather than a pass over every statement; a statement's product ids are
 * parsed at most once, and only when a finding names its vulnerability.
 */
export class VexIndex {
  /** Statements that cannot suppress, with the reason (e.g. not_affected without a justification). */
  readonly unusable: VexOutcome['unusable'] = [];
  private readonly byName = new Map<string, IndexedStatement[]>();

  constructor(documents: readonly VexDocument[]) {
    let order = 0;
    for (const doc of documents) {
      for (const s of doc.statements) {
        if (s.status === 'not_affected' && !s.justification)
          this.unusable.push({
            statement: s.statement,
            reason: 'not_affected without a justification does not suppress',
          });
        const wholeProduct = s.products.length === 0 || s.products.some((p) => doc.productRefs.includes(p));
        const entry: IndexedStatement = { s, order: order++, time: statementTime(s), wholeProduct };
        for (const name of new Set([s.vulnerability, ...s.aliases])) {
          const list = this.byName.get(name);
          if (list === undefined) this.byName.set(name, [entry]);
          else list.push(entry);
        }
      }
    }
  }

  apply(findings: readonly Finding[]): VexOutcome {
    let suppressed = 0;
    const out = findings.map((f) => {
      const decisive = this.decisive(f);
      if (decisive === undefined) return f;
      const suppresses =
        decisive.status === 'fixed' || (decisive.status === 'not_affected' && !!decisive.justification);
      if (!suppresses) return f;
      suppressed++;
      const by: NonNullable<Finding['suppressedBy']> = {
        status: decisive.status as 'fixed' | 'not_affected',
        statement: decisive.statement,
      };
      if (decisive.justification !== undefined) by.justification = decisive.justification;
      return { ...f, suppressedBy: by };
    });
    return { findings: out, suppressed, unusable: [...this.unusable] };
  }

  /** The latest statement about this finding's vulnerability (any of its names) and product. */
  private decisive(f: Finding): VexStatement | undefined {
    let best: IndexedStatement | undefined;
    let purl: PurlKey | undefined;
    for (const name of [f.advisoryId, ...f.aliases]) {
      for (const e of this.byName.get(name) ?? []) {
        if (best !== undefined && (e.time < best.time || (e.time === best.time && e.order <= best.order))) continue;
        if (!e.wholeProduct) {
          if (f.package.purl === undefined) continue;
          purl ??= purlKey(f.package.purl);
          const have = purl;
          if (!(e.products ??= e.s.products.map(productKey)).some((p) => purlCovers(p, have))) continue;
        }
        best = e;
      }
    }
    return best?.s;
  }
}

/**
 * The instant a statement was made, for ordering: timestamps carry offsets (`+02:00`), so they are
 * compared as instants, never as strings. The parser admits only RFC 3339; no timestamp = oldest.
 */
function statementTime(s: VexStatement): number {
  return s.timestamp === undefined ? -Infinity : Date.parse(s.timestamp.toUpperCase());
}

/** BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`) loses its document prefix; purls are parsed (purl-selector.ts). */
function productKey(id: string): PurlKey {
  return purlKey(id.startsWith('urn:cdx:') && id.includes('#') ? id.slice(id.indexOf('#') + 1) : id);
}

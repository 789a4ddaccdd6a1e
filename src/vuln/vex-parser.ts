import { VulnError } from './vuln-error.js';
import type { VexDocument, VexStatement, VexStatus } from '../domain/evidence.js';

/**
 * Parses OpenVEX (openvex/spec v0.2.0 JSON) and CycloneDX VEX (1.4–1.6 `vulnerabilities[]`).
 * Hand-checked rather than by a full schema: only the fields that decide suppression are read,
 * and each is checked with its JSON pointer. VEX files are attacker-influenced (user supplied).
 */
const OPENVEX_STATUS: ReadonlySet<string> = new Set(['not_affected', 'fixed', 'affected', 'under_investigation']);
/** CycloneDX analysis.state → VEX status (CycloneDX 1.4 §impactAnalysisState, CISA mapping). */
const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};
const MAX_STATEMENTS = 100_000;

export function parseVex(value: unknown, source: string): VexDocument {
  const doc = obj(value, '', source);
  if (typeof doc['@context'] === 'string' && doc['@context'].startsWith('https://openvex.dev/ns'))
    return parseOpenVex(doc, source);
  if (doc.bomFormat === 'CycloneDX') return parseCycloneDxVex(doc, source);
  throw new VulnError(
    'VEX_UNSUPPORTED',
    `${source}: neither OpenVEX (@context https://openvex.dev/ns…) nor CycloneDX`,
    { path: '/' },
  );
}

export function parseOpenVex(doc: Record<string, unknown>, source: string): VexDocument {
  const statements = arr(doc.statements, '/statements', source);
  const docTime = optTime(doc.timestamp, '/timestamp', source);
  const out: VexStatement[] = statements.map((raw, i) => {
    const at = `/statements/${i}`;
    const s = obj(raw, at, source);
    const vuln = obj(s.vulnerability, `${at}/vulnerability`, source);
    const name = str(vuln.name ?? vuln['@id'], `${at}/vulnerability/name`, source);
    const status = str(s.status, `${at}/status`, source);
    if (!OPENVEX_STATUS.has(status))
      throw invalid(source, `${at}/status`, `unknown status ${JSON.stringify(status.slice(0, 40))}`);
    const products = arr(s.products ?? [], `${at}/products`, source).flatMap((p, j) => {
      const prod = obj(p, `${at}/products/${j}`, source);
      const ids: string[] = [];
      if (typeof prod['@id'] === 'string') ids.push(prod['@id']);
      const identifiers = prod.identifiers;
      if (identifiers !== undefined && typeof (identifiers as Record<string, unknown>).purl === 'string')
        ids.push((identifiers as Record<string, string>).purl!);
      for (const [k, sub] of arr(prod.subcomponents ?? [], `${at}/products/${j}/subcomponents`, source).entries()) {
        ids.push(
          str(
            obj(sub, `${at}/products/${j}/subcomponents/${k}`, source)['@id'],
            `${at}/products/${j}/subcomponents/${k}/@id`,
            source,
          ),
        );
      }
      return ids;
    });
    const st: VexStatement = {
      vulnerability: name,
      aliases: arr(vuln.aliases ?? [], `${at}/vulnerability/aliases`, source).map((a, k) =>
        str(a, `${at}/vulnerability/aliases/${k}`, source),
      ),
      products,
      status: status as VexStatus,
      statement: `${source}#${at}`,
    };
    // OpenVEX: not_affected needs a justification or an impact_statement.
    const justification =
      optStr(s.justification, `${at}/justification`, source) ??
      optStr(s.impact_statement, `${at}/impact_statement`, source);
    if (justification !== undefined) st.justification = justification;
    const ts = optTime(s.timestamp, `${at}/timestamp`, source) ?? docTime;
    if (ts !== undefined) st.timestamp = ts;
    return st;
  });
  return { format: 'openvex', statements: out, productRefs: [] };
}

export function parseCycloneDxVex(doc: Record<string, unknown>, source: string): VexDocument {
  const vulns = arr(doc.vulnerabilities ?? [], '/vulnerabilities', source);
  const meta = doc.metadata === undefined ? {} : obj(doc.metadata, '/metadata', source);
  const subject =
    meta.component === undefined ? undefined : obj(meta.component, '/metadata/component', source)['bom-ref'];
  const docTime = optTime(meta.timestamp, '/metadata/timestamp', source);
  const statements: VexStatement[] = [];
  vulns.forEach((raw, i) => {
    const at = `/vulnerabilities/${i}`;
    const v = obj(raw, at, source);
    if (v.analysis === undefined) return; // a vulnerability without analysis is a report, not a VEX statement
    const analysis = obj(v.analysis, `${at}/analysis`, source);
    const state = optStr(analysis.state, `${at}/analysis/state`, source);
    const status = state === undefined ? undefined : CDX_STATE[state];
    if (status === undefined) return; // false_positive / no state: no VEX status to act on
    const aliases = arr(v.references ?? [], `${at}/references`, source).map((r, k) =>
      str(obj(r, `${at}/references/${k}`, source).id, `${at}/references/${k}/id`, source),
    );
    const products = arr(v.affects ?? [], `${at}/affects`, source).map((a, k) =>
      str(obj(a, `${at}/affects/${k}`, source).ref, `${at}/affects/${k}/ref`, source),
    );
    const st: VexStatement = {
      vulnerability: str(v.id, `${at}/id`, source),
      aliases,
      products,
      status,
      statement: `${source}#${at}`,
    };
    const justification = optStr(analysis.justification, `${at}/analysis/justification`, source);
    if (justification !== undefined) st.justification = justification;
    const ts =
      optTime(analysis.lastUpdated, `${at}/analysis/lastUpdated`, source) ??
      optTime(analysis.firstIssued, `${at}/analysis/firstIssued`, source) ??
      docTime;
    if (ts !== undefined) st.timestamp = ts;
    statements.push(st);
  });
  if (statements.length > MAX_STATEMENTS) throw invalid(source, '/vulnerabilities', 'too many statements');
  return { format: 'cyclonedx', statements, productRefs: typeof subject === 'string' ? [subject] : [] };
}

function obj(v: unknown, path: string, source: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new VulnError(path === '' ? 'VEX_MALFORMED' : 'VEX_INVALID', `${source}${path || '/'}: must be an object`, {
      path: path || '/',
    });
  return v as Record<string, unknown>;
}
function arr(v: unknown, path: string, source: string): unknown[] {
  if (!Array.isArray(v)) throw invalid(source, path, 'must be an array');
  if (v.length > MAX_STATEMENTS) throw invalid(source, path, 'too many items');
  return v;
}
function str(v: unknown, path: string, source: string): string {
  if (typeof v !== 'string' || v === '' || v.length > 4096) throw invalid(source, path, 'must be a non-empty string');
  return v;
}
function optStr(v: unknown, path: string, source: string): string | undefined {
  return v === undefined ? undefined : str(v, path, source);
}
/**
 * Timestamps decide which statement about a finding wins, so one that does not parse must not be
 * ordered somehow: an RFC 3339 §5.6 `date-time` (T and Z in either case, §5.6 NOTE) with real
 * calendar fields, or VEX_INVALID at its path. A leap second (:60, §5.7) is refused too: ECMAScript
 * time has none, so it could not be ordered. The string is kept as written; vex.ts orders by instant.
 */
function optTime(v: unknown, path: string, source: string): string | undefined {
  const s = optStr(v, path, source);
  if (s !== undefined && !isRfc3339(s))
    throw invalid(source, path, `not an RFC 3339 date-time: ${JSON.stringify(s.slice(0, 40))}`);
  return s;
}
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
function isRfc3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (m === null) return false;
  const [year, month, day, hour, minute, second, offH, offM] = m
    .slice(1)
    .map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate(); // day 0 of the next month
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offH! <= 23 &&
    offM! <= 59 &&
    !Number.isNaN(Date.parse(s.toUpperCase()))
  );
}

function invalid(source: string, path: string, message: string): VulnError {
  return new VulnError('VEX_INVALID', `${source}${path}: ${message}`, { path });
}

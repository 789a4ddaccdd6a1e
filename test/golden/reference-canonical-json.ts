/**
 * A second RFC 8785 serializer, written apart from src/ledger/canonical-json.ts (which wraps the
 * `canonicalize` package), so a golden file is not vouched for by the code that made it alone.
 * RFC 8785 §3.2.2.2 and §3.2.2.3 define strings and numbers as ECMAScript's JSON.stringify
 * writes them; §3.2.3 sorts object members by their names' UTF-16 code units, which is
 * Array.prototype.sort's default order. Only JSON values (no undefined, NaN or Infinity) are
 * expected here; anything else throws.
 */
export function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`a ${typeof value} has no JSON form`);
}

/**
 * The methods each route path answers, fed by fastify's onRoute hook, so a request with a
 * method the path does not take gets 405 with `Allow` (RFC 9110 §15.5.6) instead of 404.
 * Paths are fastify patterns: static segments, `:param` (one non-empty segment), `*` (the rest).
 */
export class RouteTable {
  private readonly methods = new Map<string, Set<string>>();

  add(url: string, method: string | readonly string[]): void {
    const set = this.methods.get(url) ?? new Set<string>();
    for (const m of typeof method === 'string' ? [method] : method) set.add(m.toUpperCase());
    this.methods.set(url, set);
  }

  /** The methods of every pattern matching `path` (no query), sorted; empty when no route matches. */
  allowed(path: string): string[] {
    const out = new Set<string>();
    const segments = path.split('/');
    for (const [pattern, methods] of this.methods) {
      if (matches(pattern.split('/'), segments)) for (const m of methods) out.add(m);
    }
    return [...out].sort();
  }
}

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*') return true;
    const s = segments[i];
    if (s === undefined) return false;
    if (p.startsWith(':') ? s === '' : p !== s) return false;
  }
  return pattern.length === segments.length;
}

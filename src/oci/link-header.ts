/**
 * The `rel="next"` target of an RFC 8288 `Link` header, as the distribution API paginates tag lists
 * and referrers (`Link: </v2/acme/api/tags/list?n=100&last=x>; rel="next"`). Attacker-controlled:
 * the caller resolves it against the registry's URL and refuses another origin.
 */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*((?:;[^;]*)*)$/.exec(part);
    if (!m) continue;
    const params = m[2]!.split(';').map((p) => p.trim());
    if (params.some((p) => /^rel\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1]?.split(/\s+/).includes('next'))) return m[1];
  }
  return undefined;
}
